export {
  type Certificates,
  type LoadOrCreateCertificatesOptions,
  loadOrCreateCertificates,
} from './certificate-authority.ts';
