// Sign-in page: e-mail and password; back to the page the user came from (returnUrl) once signed in.
import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FieldError } from '../core/field-error';

@Component({
  selector: 'bh-sign-in',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <div class="row justify-content-center"><div class="col-md-6 col-lg-5">
      <h1 class="h3 mb-3">Sign in</h1>
      @if (expired()) {<div class="alert alert-warning" role="status">Your session has ended. Please sign in again.</div>}
      @if (deleted()) {<div class="alert alert-info" role="status" data-testid="deleted">Your account was deleted.</div>}
      @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
      <form (ngSubmit)="submit()" #f="ngForm" novalidate>
        <div class="mb-3">
          <label class="form-label" for="email">E-mail</label>
          <input class="form-control" id="email" name="email" type="email" autocomplete="username" required
            [(ngModel)]="email" [class.is-invalid]="error()?.fields?.['email']">
          <bh-field-error [message]="error()?.fields?.['email']" />
        </div>
        <div class="mb-3">
          <label class="form-label" for="password">Password</label>
          <input class="form-control" id="password" name="password" type="password" autocomplete="current-password"
            required [(ngModel)]="password" [class.is-invalid]="error()?.fields?.['password']">
          <bh-field-error [message]="error()?.fields?.['password']" />
        </div>
        <button class="btn btn-primary w-100" type="submit" [disabled]="busy() || !f.valid">Sign in</button>
      </form>
      <p class="mt-3 mb-1"><a routerLink="/forgot-password">Forgot your password?</a></p>
      <p>No account yet? <a routerLink="/register">Register</a></p>
    </div></div>
  `,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  readonly returnUrl = input<string>();
  readonly expired = input<string>();
  readonly deleted = input<string>();
  protected email = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  submit(): void {
    this.busy.set(true);
    this.error.set(null);
    this.auth.signIn(this.email.trim(), this.password).subscribe({
      next: () => {
        const target = this.returnUrl();
        // Only paths inside the app: never an absolute URL from the query string.
        void this.router.navigateByUrl(target && target.startsWith('/') && !target.startsWith('//') ? target : '/');
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiError(e));
      },
    });
  }
}
