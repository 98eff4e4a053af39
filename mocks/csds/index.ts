export {
  type CsdsRoutesDeps,
  type CsdsServiceName,
  csdsServiceNames,
  csdsServices,
  registerCsdsRoutes,
} from './csds-routes.ts';
