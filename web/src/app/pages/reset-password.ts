// Reset-password page: the e-mailed link lands here with ?token=; the user chooses a new password.
import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { publicContext } from '../core/auth.service';
import { FieldError } from '../core/field-error';

@Component({
  selector: 'bh-reset-password',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <div class="row justify-content-center"><div class="col-md-6 col-lg-5">
      <h1 class="h3 mb-3">Choose a new password</h1>
      @if (done()) {
        <div class="alert alert-success" role="status" data-testid="done">
          Your password has been changed. <a class="alert-link" routerLink="/sign-in">Sign in</a> with it.
        </div>
      } @else if (!token()) {
        <div class="alert alert-warning" role="alert">This link has no reset token. Open the link from the e-mail again,
          or <a class="alert-link" routerLink="/forgot-password">ask for a new one</a>.</div>
      } @else {
        @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
        <form (ngSubmit)="submit()" novalidate>
          <div class="mb-3">
            <label class="form-label" for="newPassword">New password (8 to 128 characters)</label>
            <input class="form-control" id="newPassword" name="newPassword" type="password" autocomplete="new-password"
              required [(ngModel)]="password" [class.is-invalid]="error()?.fields?.['newPassword']">
            <bh-field-error [message]="error()?.fields?.['newPassword']" />
          </div>
          <div class="mb-3">
            <label class="form-label" for="confirm">Repeat the new password</label>
            <input class="form-control" id="confirm" name="confirm" type="password" autocomplete="new-password" required
              [(ngModel)]="confirm" [class.is-invalid]="confirm && confirm !== password">
            @if (confirm && confirm !== password) {<div class="invalid-feedback d-block">The two passwords differ.</div>}
          </div>
          <button class="btn btn-primary w-100" type="submit" [disabled]="busy() || !password || confirm !== password">
            Change the password</button>
        </form>
      }
    </div></div>
  `,
})
export class ResetPasswordPage {
  private readonly api = inject(Api);
  readonly token = input<string>();
  protected password = '';
  protected confirm = '';
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  submit(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api
      .post('/api/v1/user-credentials/reset-password', { token: this.token() ?? '', newPassword: this.password },
        { context: publicContext() })
      .subscribe({
        next: () => this.done.set(true),
        error: (e: unknown) => {
          this.busy.set(false);
          const shown = apiError(e);
          // An unknown, spent or expired token: 401 or 404 depending on the server's version of the contract.
          this.error.set([401, 404].includes(shown.status) ? { ...shown, message: 'This link is invalid or has expired. Ask for a new one.' } : shown);
        },
      });
  }
}
