export {
  type Certificates,
  type LoadOrCreateCertificatesOptions,
  loadOrCreateCertificates,
} from './certificate-authority.ts';
export { listen, startTestHttpsServer, type TestHttpsServer } from './test-https-server.ts';
