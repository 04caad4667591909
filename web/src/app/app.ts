// The app shell: role-aware navigation bar, sign-out, and the routed page.
import { Component, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from './core/auth.service';

@Component({
  selector: 'bh-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <nav class="navbar navbar-expand navbar-dark bg-dark mb-4" aria-label="Main">
      <div class="container">
        <a class="navbar-brand" routerLink="/">BudgetHub</a>
        <ul class="navbar-nav me-auto">
          @if (auth.signedIn()) {
            <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/" routerLinkActive="active"
              [routerLinkActiveOptions]="{ exact: true }">Dashboard</a></li>
            @if (auth.canManageBudget()) {
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/budget-types" routerLinkActive="active">Budget types</a></li>
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/budget-subtypes" routerLinkActive="active">Subtypes</a></li>
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/suppliers" routerLinkActive="active">Suppliers</a></li>
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/movements" routerLinkActive="active">Movements</a></li>
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/invoices" routerLinkActive="active">Invoices</a></li>
            }
            @if (auth.canPay()) {
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/payments" routerLinkActive="active">Payments</a></li>
            }
            @if (auth.isAdmin()) {
              <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/admin/users" routerLinkActive="active">Users</a></li>
            }
          }
        </ul>
        <ul class="navbar-nav">
          @if (auth.signedIn()) {
            <li class="nav-item d-flex align-items-center"><span class="navbar-text me-3 text-nowrap" data-testid="who"><a
              class="link-light d-inline-block text-truncate align-bottom" style="max-width: 8rem" [title]="'My account: ' + auth.email()"
              routerLink="/account" data-testid="account-link">{{ auth.email() }}</a>
              @if (auth.roles().length) {<span class="badge bg-secondary ms-1">{{ auth.roles().join(', ') }}</span>}</span></li>
            <li class="nav-item"><button type="button" class="btn btn-outline-light btn-sm text-nowrap" (click)="signOut()"
              [disabled]="signingOut()">Sign out</button></li>
          } @else {
            <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/sign-in" routerLinkActive="active">Sign in</a></li>
            <li class="nav-item"><a class="nav-link text-nowrap" routerLink="/register" routerLinkActive="active">Register</a></li>
          }
        </ul>
      </div>
    </nav>
    <main class="container pb-5"><router-outlet /></main>
  `,
})
export class App {
  protected readonly auth = inject(AuthService);
  protected readonly signingOut = signal(false);

  signOut(): void {
    this.signingOut.set(true);
    // Whatever the server says, the session ends here (the service clears it and goes to sign-in).
    this.auth.signOut().subscribe({ complete: () => this.signingOut.set(false), error: () => this.signingOut.set(false) });
  }
}
