// Forgot-password page: asks auth to e-mail a reset link (the link opens /reset-password?token=...).
import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { paths } from '../api/schema';
import { ShownError, apiError } from '../core/api-error';
import { publicContext } from '../core/auth.service';
import { FieldError } from '../core/field-error';

// The server reads ?email=; the seed contract declared no parameter for this route (docs/api.md, "contract
// deviations"), docs/openapi.json declares it. The path is checked against the generated types.
const RECOVER: keyof paths = '/api/v1/user-credentials/recover-password';

@Component({
  selector: 'bh-forgot-password',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <div class="row justify-content-center"><div class="col-md-6 col-lg-5">
      <h1 class="h3 mb-3">Forgot your password?</h1>
      @if (sent()) {
        <div class="alert alert-success" role="status" data-testid="sent">
          If an account exists for {{ email }}, an e-mail with a link to choose a new password is on its way.
        </div>
      } @else {
        <p>Enter your e-mail address; we will send you a link to choose a new password.</p>
        @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
        <form (ngSubmit)="submit()" novalidate>
          <div class="mb-3">
            <label class="form-label" for="email">E-mail</label>
            <input class="form-control" id="email" name="email" type="email" autocomplete="email" required
              [(ngModel)]="email" [class.is-invalid]="error()?.fields?.['email']">
            <bh-field-error [message]="error()?.fields?.['email']" />
          </div>
          <button class="btn btn-primary w-100" type="submit" [disabled]="busy() || !email.trim()">Send the link</button>
        </form>
      }
      <p class="mt-3"><a routerLink="/sign-in">Back to sign in</a></p>
    </div></div>
  `,
})
export class ForgotPasswordPage {
  private readonly http = inject(HttpClient);
  protected email = '';
  protected readonly busy = signal(false);
  protected readonly sent = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  submit(): void {
    this.busy.set(true);
    this.error.set(null);
    this.http.post(RECOVER, null, { params: { email: this.email.trim() }, context: publicContext() }).subscribe({
      next: () => this.sent.set(true),
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(e));
      },
    });
  }
}
