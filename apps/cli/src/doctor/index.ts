export {
  type GrantedPermissions,
  grantedPermissions,
  missingPermissions,
  type Principal,
} from "./delegated-permissions.js";
export type { DoctorDeps, DoctorSide } from "./doctor-deps.js";
export {
  type CheckStatus,
  type DoctorCheck,
  type DoctorReport,
  formatDoctorCheck,
} from "./doctor-report.js";
export { type DoctorRole, requiredPermissions } from "./required-permissions.js";
export { runDoctor } from "./run-doctor.js";
export { type PermissionListing, parseZfsAllow } from "./zfs-allow-parser.js";
