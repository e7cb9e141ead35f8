import { UsosError } from './usos-errors';
import { parseList } from './usos-request';

/** The scope keys USOS API installations define (its scopes page); any other is unknown. */
export const USOS_SCOPES: ReadonlySet<string> = new Set([
  'adm_documents',
  'cards',
  'change_all_preferences',
  'crstests',
  'dorm_admin',
  'edit_user_attrs',
  'email',
  'events',
  'grades',
  'grades_write',
  'mailclient',
  'mobile_numbers',
  'offline_access',
  'other_emails',
  'payments',
  'personal',
  'photo',
  'placement_tests',
  'session_debugging_perms',
  'slips',
  'slips_admin',
  'staff_perspective',
  'student_exams',
  'student_exams_write',
  'studies',
  'surveys_filling',
  'surveys_reports',
  'theses_protocols_write',
]);

/** `scopes=a|b` of request_token: known keys only, each once, in the order asked. */
export function parseScopes(value: string | undefined): string[] {
  const scopes = [...new Set(parseList(value ?? ''))];
  const unknown = scopes.find((scope) => !USOS_SCOPES.has(scope));
  if (unknown !== undefined) {
    throw UsosError.paramInvalid('scopes', `Unknown scope: "${unknown}".`);
  }
  return scopes;
}
