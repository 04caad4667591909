// Route guards: signed-in pages send anonymous visitors to sign-in (with the page to return to); budget
// administration is for ADMIN and MANAGER, payments for staff, users and roles for ADMIN (the server still
// decides).
import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

export const signedIn: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  return auth.signedIn() ? true : inject(Router).createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

export const budgetManager: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.signedIn()) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
  return auth.canManageBudget() ? true : router.createUrlTree(['/']);
};

export const staff: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.signedIn()) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
  return auth.canPay() ? true : router.createUrlTree(['/']);
};

export const admin: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.signedIn()) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
  return auth.isAdmin() ? true : router.createUrlTree(['/']);
};

export const anonymous: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.signedIn() ? inject(Router).createUrlTree(['/']) : true;
};
