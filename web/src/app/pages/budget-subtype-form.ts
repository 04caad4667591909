// Create or edit a budget subtype (within a budget type). Edits carry the version read; when someone else saved meanwhile the server
// answers 409 OPTIMISTIC_LOCKING_FAILURE and the page offers to reload the current values.
import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Api, BodyOf, BudgetSubtype, BudgetType, Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { FieldError } from '../core/field-error';
import { formatMoney, parseMoney } from '../core/money';

// The contract marks id, version and correlationId required; on create the server assigns them (docs/api.md).
type CreateBody = Omit<BudgetSubtype, 'id' | 'version' | 'correlationId'>;

@Component({
  selector: 'bh-budget-subtype-form',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <h1 class="h3 mb-3">{{ id() ? 'Edit budget subtype' : 'New budget subtype' }}</h1>
    @if (conflict()) {
      <div class="alert alert-warning d-flex align-items-center" role="alert" data-testid="conflict">
        <span class="me-auto">Someone else changed this subtype after you opened it. Reload it to see their
          changes, then make yours again.</span>
        <button type="button" class="btn btn-warning btn-sm" (click)="reload()">Reload</button>
      </div>
    } @else if (error(); as e) {
      <div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>
    }
    @if (loaded()) {
      <form (ngSubmit)="save()" novalidate class="col-lg-8">
        <div class="mb-3">
          <label class="form-label" for="budgetTypeId">Budget type</label>
          <select class="form-select" id="budgetTypeId" name="budgetTypeId" required [(ngModel)]="typeId"
            [class.is-invalid]="error()?.fields?.['budgetTypeId']" aria-describedby="type-error">
            <option value="" disabled>Choose a budget type</option>
            @for (t of types(); track t.id) {<option [value]="t.id">{{ t.name }} ({{ money(t.availableFunds) }} available)</option>}
          </select>
          <bh-field-error [message]="error()?.fields?.['budgetTypeId']" id="type-error" />
        </div>
        <div class="mb-3">
          <label class="form-label" for="name">Name</label>
          <input class="form-control" id="name" name="name" required maxlength="100" [(ngModel)]="name"
            [class.is-invalid]="error()?.fields?.['name']" aria-describedby="name-error">
          <bh-field-error [message]="error()?.fields?.['name']" id="name-error" />
        </div>
        <div class="mb-3">
          <label class="form-label" for="description">Description</label>
          <input class="form-control" id="description" name="description" required [(ngModel)]="description"
            [class.is-invalid]="error()?.fields?.['description']" aria-describedby="description-error">
          <bh-field-error [message]="error()?.fields?.['description']" id="description-error" />
        </div>
        <div class="mb-3">
          <label class="form-label" for="availableFunds">Available funds (EUR)</label>
          <input class="form-control" id="availableFunds" name="availableFunds" inputmode="decimal" required
            [(ngModel)]="funds" [class.is-invalid]="fundsError() || error()?.fields?.['availableFunds']"
            aria-describedby="funds-help funds-error">
          <div id="funds-help" class="form-text">What remains to spend, taken from the budget type, with at most two decimals.@if (current(); as c) { Spent so far: {{ money(c.spent) }}.}</div>
          <bh-field-error [message]="fundsError() || error()?.fields?.['availableFunds']" id="funds-error" />
        </div>
        <button class="btn btn-primary" type="submit" [disabled]="busy()">Save</button>
        <a class="btn btn-link" routerLink="/budget-subtypes">Cancel</a>
      </form>
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class BudgetSubtypeFormPage implements OnInit {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  readonly id = input<string>();
  protected name = '';
  protected description = '';
  protected funds = '';
  protected typeId = '';
  protected readonly types = signal<BudgetType[]>([]);
  protected readonly current = signal<BudgetSubtype | null>(null);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly conflict = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly fundsError = signal('');
  protected readonly money = formatMoney;

  ngOnInit(): void {
    this.api
      .get<'/api/v1/budget/type/all', Page<BudgetType>>('/api/v1/budget/type/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.types.set(p.content), error: (e: unknown) => this.error.set(apiError(e)) });
    if (this.id()) this.reload();
    else this.loaded.set(true);
  }

  reload(): void {
    this.api.get('/api/v1/budget/subtype/{id}', { path: { id: this.id()! } }).subscribe({
      next: (t) => {
        const type = t as BudgetSubtype;
        this.current.set(type);
        this.name = type.name;
        this.description = type.description;
        this.typeId = type.budgetTypeId ?? type.budgetType?.id ?? '';
        this.funds = type.availableFunds === undefined || type.availableFunds === null ? '' : type.availableFunds.toFixed(2);
        this.conflict.set(false);
        this.error.set(null);
        this.loaded.set(true);
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  save(): void {
    const funds = parseMoney(this.funds);
    this.fundsError.set(funds === null ? 'Enter an amount of at least 0 with at most two decimals, e.g. 1250.50.' : '');
    if (funds === null) return;
    const fields: CreateBody = {
      name: this.name.trim(), description: this.description.trim(), availableFunds: funds, budgetTypeId: this.typeId || null,
    };
    this.busy.set(true);
    this.error.set(null);
    const current = this.current();
    const request = current
      ? this.api.put('/api/v1/budget/subtype/update', { ...current, ...fields })
      : this.api.post('/api/v1/budget/subtype/create', fields as BodyOf<'/api/v1/budget/subtype/create', 'post'>);
    request.subscribe({
      next: () => void this.router.navigateByUrl('/budget-subtypes'),
      error: (e: unknown) => {
        this.busy.set(false);
        const shown = apiError(e);
        this.conflict.set(shown.code === 'OPTIMISTIC_LOCKING_FAILURE');
        this.error.set(shown);
      },
    });
  }
}
