// The web app's pages and who may open them.
import { Routes } from '@angular/router';
import { anonymous, budgetManager, signedIn } from './core/guards';

export const routes: Routes = [
  { path: 'sign-in', canActivate: [anonymous], title: 'Sign in · BudgetHub',
    loadComponent: () => import('./pages/sign-in').then((m) => m.SignInPage) },
  { path: 'register', canActivate: [anonymous], title: 'Register · BudgetHub',
    loadComponent: () => import('./pages/register').then((m) => m.RegisterPage) },
  { path: 'forgot-password', title: 'Forgot password · BudgetHub',
    loadComponent: () => import('./pages/forgot-password').then((m) => m.ForgotPasswordPage) },
  { path: 'reset-password', title: 'Reset password · BudgetHub',
    loadComponent: () => import('./pages/reset-password').then((m) => m.ResetPasswordPage) },
  { path: '', pathMatch: 'full', canActivate: [signedIn], title: 'Dashboard · BudgetHub',
    loadComponent: () => import('./pages/dashboard').then((m) => m.DashboardPage) },
  { path: 'budget-types', canActivate: [budgetManager], title: 'Budget types · BudgetHub',
    loadComponent: () => import('./pages/budget-types').then((m) => m.BudgetTypesPage) },
  { path: 'budget-types/new', canActivate: [budgetManager], title: 'New budget type · BudgetHub',
    loadComponent: () => import('./pages/budget-type-form').then((m) => m.BudgetTypeFormPage) },
  { path: 'budget-types/:id', canActivate: [budgetManager], title: 'Edit budget type · BudgetHub',
    loadComponent: () => import('./pages/budget-type-form').then((m) => m.BudgetTypeFormPage) },
  { path: 'budget-subtypes', canActivate: [budgetManager], title: 'Budget subtypes · BudgetHub',
    loadComponent: () => import('./pages/budget-subtypes').then((m) => m.BudgetSubtypesPage) },
  { path: 'budget-subtypes/new', canActivate: [budgetManager], title: 'New budget subtype · BudgetHub',
    loadComponent: () => import('./pages/budget-subtype-form').then((m) => m.BudgetSubtypeFormPage) },
  { path: 'budget-subtypes/:id', canActivate: [budgetManager], title: 'Edit budget subtype · BudgetHub',
    loadComponent: () => import('./pages/budget-subtype-form').then((m) => m.BudgetSubtypeFormPage) },
  { path: '**', title: 'Not found · BudgetHub',
    loadComponent: () => import('./pages/not-found').then((m) => m.NotFoundPage) },
];
