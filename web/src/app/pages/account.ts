// The signed-in person's account: view and edit the profile, change the password (the current one confirms
// every change; a new password ends every other session), and delete the account after typing the password
// (every session ends; back to sign-in).
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { Api, Schemas } from '../api/api';
import { userCredentialsDTOGenderValues, userCredentialsDTONationalityValues } from '../api/schema';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FieldError } from '../core/field-error';

type Profile = Schemas['UserCredentialsDTO'];

@Component({
  selector: 'bh-account',
  imports: [FormsModule, FieldError],
  template: `
    <h1 class="h3 mb-3">My account</h1>
    @if (notice()) {<div class="alert alert-success" role="status" data-testid="notice">{{ notice() }}</div>}
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
    @if (profile(); as p) {
      <form (ngSubmit)="save()" novalidate class="row g-3 col-lg-8 mb-5" aria-label="Profile">
        @for (f of textFields; track f.name) {
          <div class="col-md-6">
            <label class="form-label" [for]="f.name">{{ f.label }}</label>
            <input class="form-control" [id]="f.name" [name]="f.name" [type]="f.type" [attr.autocomplete]="f.autocomplete"
              [(ngModel)]="values[f.name]" [class.is-invalid]="error()?.fields?.[f.name]" [attr.aria-describedby]="f.name + '-error'">
            <bh-field-error [message]="error()?.fields?.[f.name]" [id]="f.name + '-error'" />
          </div>
        }
        <div class="col-md-6">
          <label class="form-label" for="nationality">Nationality</label>
          <select class="form-select" id="nationality" name="nationality" [(ngModel)]="nationality">
            @for (n of nationalities; track n) {<option [value]="n">{{ n }}</option>}
          </select>
        </div>
        <div class="col-md-6">
          <label class="form-label" for="gender">Gender</label>
          <select class="form-select" id="gender" name="gender" [(ngModel)]="gender">
            @for (g of genders; track g) {<option [value]="g">{{ g }}</option>}
          </select>
        </div>
        <div class="col-md-6">
          <label class="form-label" for="newPassword">New password (optional)</label>
          <input class="form-control" id="newPassword" name="newPassword" type="password" autocomplete="new-password"
            [(ngModel)]="newPassword" [class.is-invalid]="error()?.fields?.['newPassword']" aria-describedby="newPassword-help newPassword-error">
          <div id="newPassword-help" class="form-text">8 to 128 characters. Your other sessions end when it changes.</div>
          <bh-field-error [message]="error()?.fields?.['newPassword']" id="newPassword-error" />
        </div>
        <div class="col-md-6">
          <label class="form-label" for="password">Current password</label>
          <input class="form-control" id="password" name="password" type="password" autocomplete="current-password"
            [(ngModel)]="password" [class.is-invalid]="error()?.fields?.['password']" aria-describedby="password-help password-error">
          <div id="password-help" class="form-text">Needed to save any change.</div>
          <bh-field-error [message]="error()?.fields?.['password']" id="password-error" />
        </div>
        <div class="col-12"><button class="btn btn-primary" type="submit" [disabled]="busy()">Save changes</button></div>
      </form>

      <section class="col-lg-8 border border-danger rounded p-3" aria-labelledby="delete-title">
        <h2 class="h5 text-danger" id="delete-title">Delete my account</h2>
        <p class="mb-2">Your account and every session end; this cannot be undone.</p>
        <form class="row g-2 align-items-end" (ngSubmit)="remove(p)" aria-label="Delete account">
          <div class="col-sm-6">
            <label class="form-label" for="deletePassword">Password</label>
            <input class="form-control" id="deletePassword" name="deletePassword" type="password" autocomplete="current-password"
              [(ngModel)]="deletePassword">
          </div>
          <div class="col-sm-6"><button class="btn btn-danger" type="submit" [disabled]="busy() || !deletePassword">Delete my account</button></div>
        </form>
      </section>
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class AccountPage implements OnInit {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly nationalities = userCredentialsDTONationalityValues;
  protected readonly genders = userCredentialsDTOGenderValues;
  protected readonly textFields = [
    { name: 'firstName', label: 'First name', type: 'text', autocomplete: 'given-name' },
    { name: 'lastName', label: 'Last name', type: 'text', autocomplete: 'family-name' },
    { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' },
    { name: 'nif', label: 'NIF (tax number)', type: 'text', autocomplete: 'off' },
    { name: 'phoneNumber', label: 'Phone number', type: 'tel', autocomplete: 'tel' },
    { name: 'dateOfBirth', label: 'Date of birth', type: 'date', autocomplete: 'bday' },
  ] as const;
  protected readonly profile = signal<Profile | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly notice = signal('');
  protected readonly busy = signal(false);
  protected values: Record<string, string> = {};
  protected nationality: Profile['nationality'] = 'Portuguese';
  protected gender: Profile['gender'] = 'Female';
  protected password = '';
  protected newPassword = '';
  protected deletePassword = '';

  ngOnInit(): void {
    const id = this.auth.claims().sub ?? '';
    this.api.get('/api/v1/user-credentials/get-user-by-id', { query: { id } }).subscribe({
      next: (p) => this.show(p),
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  private show(p: Profile): void {
    this.profile.set(p);
    this.values = { firstName: p.firstName, lastName: p.lastName, email: p.email, nif: p.nif,
      phoneNumber: p.phoneNumber, dateOfBirth: p.dateOfBirth };
    this.nationality = p.nationality;
    this.gender = p.gender;
  }

  save(): void {
    const p = this.profile()!;
    const v = this.values;
    const body = {
      ...p, firstName: v['firstName'] ?? '', lastName: v['lastName'] ?? '', email: (v['email'] ?? '').trim(),
      nif: v['nif'] ?? '', phoneNumber: v['phoneNumber'] ?? '', dateOfBirth: v['dateOfBirth'] ?? '',
      nationality: this.nationality, gender: this.gender, password: this.password,
      ...(this.newPassword ? { newPassword: this.newPassword } : {}),
    } as Profile;
    const changedPassword = !!this.newPassword;
    this.busy.set(true);
    this.error.set(null);
    this.notice.set('');
    this.api.put('/api/v1/user-credentials/update', body).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.password = this.newPassword = '';
        this.show(saved as Profile);
        this.notice.set(changedPassword ? 'Saved. Your password changed; your other sessions ended.' : 'Saved.');
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(e));
      },
    });
  }

  remove(p: Profile): void {
    this.busy.set(true);
    this.error.set(null);
    const body = { id: (p as Profile & { id: string }).id, password: this.deletePassword };
    this.api.delete('/api/v1/user-credentials/delete', { body }).subscribe({
      next: () => {
        this.auth.clear();
        void this.router.navigate(['/sign-in'], { queryParams: { deleted: 1 } });
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.deletePassword = '';
        this.error.set(apiError(e));
      },
    });
  }
}
