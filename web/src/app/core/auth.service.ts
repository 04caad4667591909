// The signed-in session: tokens kept in localStorage, roles read from the access token, sign in/out, and the
// single token refresh that parallel requests share (docs/api.md "Parallel refreshes").
import { HttpContext, HttpContextToken } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, finalize, map, shareReplay } from 'rxjs';
import { Api, Schemas } from '../api/api';

/** Requests marked with this skip the bearer token and the refresh (public routes, the refresh itself). */
export const PUBLIC_REQUEST = new HttpContextToken<boolean>(() => false);
export const publicContext = () => new HttpContext().set(PUBLIC_REQUEST, true);

export interface Session {
  id?: string;
  token: string;
  refreshToken: string;
}

interface Claims {
  sub?: string;
  email?: string;
  roles?: string[];
  exp?: number;
}

const STORAGE_KEY = 'budgethub.session';

export function decodeClaims(token: string): Claims {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(json) as Claims;
  } catch {
    return {};
  }
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly state = signal<Session | null>(this.load());
  private refreshing: Observable<string> | null = null;

  readonly session = this.state.asReadonly();
  readonly signedIn = computed(() => this.state() !== null);
  readonly claims = computed(() => (this.state() ? decodeClaims(this.state()!.token) : {}));
  readonly roles = computed(() => this.claims().roles ?? []);
  readonly email = computed(() => this.claims().email ?? '');
  /** ADMIN and MANAGER run the budget (docs/api.md route table). */
  readonly canManageBudget = computed(() => this.hasAny('ADMIN', 'MANAGER'));
  readonly isAdmin = computed(() => this.hasAny('ADMIN'));
  /** Staff pay for things: ADMIN, MANAGER and EMPLOYEE (an EMPLOYEE sees only their own payments). */
  readonly canPay = computed(() => this.hasAny('ADMIN', 'MANAGER', 'EMPLOYEE'));

  hasAny(...roles: string[]): boolean {
    return this.roles().some((r) => roles.includes(r));
  }

  token(): string | null {
    return this.state()?.token ?? null;
  }

  /** True when the access token is past its expiry (or within `marginSeconds` of it). */
  expired(marginSeconds = 5): boolean {
    const exp = this.claims().exp;
    return exp !== undefined && exp * 1000 <= Date.now() + marginSeconds * 1000;
  }

  signIn(email: string, password: string): Observable<void> {
    return this.api
      .post('/api/v1/auth/sign-in', { email, password }, { context: publicContext() })
      .pipe(map((answer) => this.store(answer)));
  }

  register(body: Schemas['UserCredentialsDTO']): Observable<void> {
    return this.api
      .post('/api/v1/user-credentials/register', body, { context: publicContext() })
      .pipe(map((answer) => this.store(answer)));
  }

  /** One refresh at a time: callers arriving while it runs get the same answer. */
  refresh(): Observable<string> {
    if (this.refreshing) return this.refreshing;
    const refreshToken = this.state()?.refreshToken;
    this.refreshing = this.api
      .post('/api/v1/auth/refresh-token', null, {
        context: publicContext(),
        headers: { Authorization: `Bearer ${refreshToken ?? ''}` },
      })
      .pipe(
        map((answer) => {
          this.store(answer);
          return this.token() ?? '';
        }),
        finalize(() => (this.refreshing = null)),
        shareReplay(1),
      );
    return this.refreshing;
  }

  signOut(): Observable<void> {
    return this.api.post('/api/v1/auth/sign-out', null).pipe(
      map(() => undefined),
      finalize(() => {
        this.clear();
        void this.router.navigate(['/sign-in']);
      }),
    );
  }

  /** The session cannot be renewed: back to sign-in, with the page to come back to. */
  expire(returnUrl: string): void {
    this.clear();
    void this.router.navigate(['/sign-in'], { queryParams: { returnUrl, expired: 1 } });
  }

  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.state.set(null);
  }

  private store(answer: Schemas['AuthenticationResponseDTO']): void {
    if (!answer.token || !answer.refreshToken) throw new Error('The server answered without tokens');
    const session: Session = { id: answer.id, token: answer.token, refreshToken: answer.refreshToken };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.state.set(session);
  }

  private load(): Session | null {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      const session = raw ? (JSON.parse(raw) as Session) : null;
      return session?.token && session.refreshToken ? session : null;
    } catch {
      return null;
    }
  }
}

