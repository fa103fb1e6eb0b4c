// The organization roles as a checkbox group (field name "roles").
import { ROLES, ROLE_LABELS } from '@/lib/core/permissions';

export function RoleCheckboxes({ selected, error, idPrefix }: { selected: readonly string[]; error?: string; idPrefix: string }) {
  return (
    <fieldset className="mb-3" aria-describedby={error ? `${idPrefix}-roles-error` : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-700">Roles</legend>
      <div className="flex flex-wrap gap-3">
        {ROLES.map((role) => (
          <label key={role} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name="roles" value={role} defaultChecked={selected.includes(role)} className="accent-brand" />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </div>
      {error && <p id={`${idPrefix}-roles-error`} role="alert" className="mt-1 text-sm text-red-700">{error}</p>}
    </fieldset>
  );
}
