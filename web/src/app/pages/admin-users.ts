// Administration (ADMIN): every account, paged and sorted, with its roles; a role is granted or revoked with
// one click. Revoking a role ends that user's sessions; the last ADMIN cannot lose the role (409 LAST_ADMIN,
// shown as the server words it).
import { Component, OnInit, inject, signal } from '@angular/core';
import { Api, Page, Schemas } from '../api/api';
import { AuthService } from '../core/auth.service';
import { ListAlerts, PagedList, Pager, SortHeader } from './list-parts';

type User = Schemas['UserCredentialsDTO'] & { id: string };
type Role = 'ADMIN' | 'MANAGER' | 'EMPLOYEE' | 'HR';
const ROLES: Role[] = ['ADMIN', 'MANAGER', 'EMPLOYEE', 'HR'];

@Component({
  selector: 'bh-admin-users',
  imports: [Pager, SortHeader, ListAlerts],
  template: `
    <h1 class="h3 mb-3">Users and roles</h1>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Users</caption>
        <thead><tr>
          <th scope="col" bhSort="lastName" [list]="list">Name</th>
          <th scope="col" bhSort="email" [list]="list">E-mail</th>
          <th scope="col">Roles</th>
          <th scope="col">Grant or revoke</th>
        </tr></thead>
        <tbody>
          @for (u of p.content; track u.id) {
            <tr [attr.data-email]="u.email">
              <td>{{ u.firstName }} {{ u.lastName }}@if (u.id === me()) {<span class="text-muted ms-1">(you)</span>}</td>
              <td>{{ u.email }}</td>
              <td>
                @for (r of u.roles; track r) {<span class="badge bg-secondary me-1">{{ r }}</span>}
                @if (!u.roles.length) {<span class="text-muted">none</span>}
              </td>
              <td class="text-nowrap">
                @for (r of roles; track r) {
                  @if (has(u, r)) {
                    <button type="button" class="btn btn-outline-danger btn-sm me-1" (click)="change(u, r, false)" [disabled]="busy()"
                      [attr.aria-label]="'Revoke ' + r + ' from ' + u.email">− {{ r }}</button>
                  } @else {
                    <button type="button" class="btn btn-outline-success btn-sm me-1" (click)="change(u, r, true)" [disabled]="busy()"
                      [attr.aria-label]="'Grant ' + r + ' to ' + u.email">+ {{ r }}</button>
                  }
                }
              </td>
            </tr>
          } @empty {
            <tr><td colspan="4" class="text-muted">No users.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class AdminUsersPage implements OnInit {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  protected readonly roles = ROLES;
  protected readonly busy = signal(false);
  protected readonly me = () => this.auth.claims().sub ?? '';
  protected readonly list = new PagedList<User>(
    (q) => this.api.get<'/api/v1/user-credentials/all', Page<User>>('/api/v1/user-credentials/all', { query: q }),
    { field: 'email', direction: 'asc' }, { size: 20 });

  ngOnInit(): void {
    this.list.load(0);
  }

  protected has(u: User, role: Role): boolean {
    return (u.roles as string[]).includes(role);
  }

  change(u: User, role: Role, grant: boolean): void {
    this.busy.set(true);
    this.list.clearAlerts();
    const options = { path: { id: u.id, role } };
    const request = grant
      ? this.api.post('/api/v1/user-credentials/{id}/roles/{role}', null, options)
      : this.api.delete('/api/v1/user-credentials/{id}/roles/{role}', options);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.list.notice.set(grant ? `${role} granted to ${u.email}.` : `${role} revoked from ${u.email}; their sessions ended.`);
        this.list.reload();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.list.fail(e);
      },
    });
  }
}
