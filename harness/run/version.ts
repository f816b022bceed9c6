export { PACKAGE_VERSION as FAULTLINE_VERSION } from './package-files.js';
