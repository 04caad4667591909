// Registration page: the fields auth requires (UserCredentialsDTO); the first user becomes ADMIN, later ones
// start without a role. Signed in at once on success.
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Schemas } from '../api/api';
import { userCredentialsDTOGenderValues, userCredentialsDTONationalityValues } from '../api/schema';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FieldError } from '../core/field-error';

type Registration = Schemas['UserCredentialsDTO'];

@Component({
  selector: 'bh-register',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <div class="row justify-content-center"><div class="col-lg-8">
      <h1 class="h3 mb-3">Create an account</h1>
      @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
      <form (ngSubmit)="submit()" novalidate class="row g-3">
        @for (f of textFields; track f.name) {
          <div class="col-md-6">
            <label class="form-label" [for]="f.name">{{ f.label }}</label>
            <input class="form-control" [id]="f.name" [name]="f.name" [type]="f.type" [attr.autocomplete]="f.autocomplete"
              required [(ngModel)]="values[f.name]" [class.is-invalid]="error()?.fields?.[f.name]"
              [attr.aria-describedby]="f.name + '-error'">
            <bh-field-error [message]="error()?.fields?.[f.name]" [id]="f.name + '-error'" />
          </div>
        }
        <div class="col-md-6">
          <label class="form-label" for="nationality">Nationality</label>
          <select class="form-select" id="nationality" name="nationality" required [(ngModel)]="nationality"
            [class.is-invalid]="error()?.fields?.['nationality']">
            @for (n of nationalities; track n) {<option [value]="n">{{ n }}</option>}
          </select>
          <bh-field-error [message]="error()?.fields?.['nationality']" />
        </div>
        <div class="col-md-6">
          <label class="form-label" for="gender">Gender</label>
          <select class="form-select" id="gender" name="gender" required [(ngModel)]="gender"
            [class.is-invalid]="error()?.fields?.['gender']">
            @for (g of genders; track g) {<option [value]="g">{{ g }}</option>}
          </select>
          <bh-field-error [message]="error()?.fields?.['gender']" />
        </div>
        <div class="col-12">
          <button class="btn btn-primary" type="submit" [disabled]="busy()">Register</button>
          <span class="ms-3">Already registered? <a routerLink="/sign-in">Sign in</a></span>
        </div>
      </form>
    </div></div>
  `,
})
export class RegisterPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly nationalities = userCredentialsDTONationalityValues;
  protected readonly genders = userCredentialsDTOGenderValues;
  protected readonly textFields = [
    { name: 'firstName', label: 'First name', type: 'text', autocomplete: 'given-name' },
    { name: 'lastName', label: 'Last name', type: 'text', autocomplete: 'family-name' },
    { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' },
    { name: 'password', label: 'Password (8 to 128 characters)', type: 'password', autocomplete: 'new-password' },
    { name: 'nif', label: 'NIF (tax number)', type: 'text', autocomplete: 'off' },
    { name: 'phoneNumber', label: 'Phone number', type: 'tel', autocomplete: 'tel' },
    { name: 'dateOfBirth', label: 'Date of birth', type: 'date', autocomplete: 'bday' },
  ] as const;
  protected values: Record<string, string> = {};
  protected nationality: Registration['nationality'] = 'Portuguese';
  protected gender: Registration['gender'] = 'Female';
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  submit(): void {
    const v = this.values;
    const body: Registration = {
      firstName: v['firstName'] ?? '', lastName: v['lastName'] ?? '', email: (v['email'] ?? '').trim(),
      password: v['password'] ?? '', nif: v['nif'] ?? '', phoneNumber: v['phoneNumber'] ?? '',
      dateOfBirth: v['dateOfBirth'] ?? '', nationality: this.nationality, gender: this.gender,
      roles: [], // ignored by the server: the first user becomes ADMIN, others start with none
    };
    this.busy.set(true);
    this.error.set(null);
    this.auth.register(body).subscribe({
      next: () => void this.router.navigateByUrl('/'),
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(e));
      },
    });
  }
}
