// New or edited movement: a document booked on a budget subtype (or directly on a type) for a supplier. A
// SUCCEEDED DEBIT spends; when the budget has no room for it the server refuses, and the page says in plain
// words how much was asked and how much is left. An edit of a stale version (409 OPTIMISTIC_LOCKING_FAILURE)
// offers a reload; a payment's movements belong to the payment and the server refuses to edit them.
import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Api, BodyOf, BudgetSubtype, BudgetType, Page, Supplier } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { FieldError } from '../core/field-error';
import { formatMoney, parseMoney } from '../core/money';
import { MOVEMENT_STATUSES, Movement } from './movements';

type CreateBody = BodyOf<'/api/v1/movement/create', 'post'>;

/** "Total value: 123.00, Available: 100.00" (the server's BUDGET_EXCEEDED) in words a person reads. */
export function overBudgetText(message: string): string | null {
  const m = /Total value: ([\d.]+), Available: (-?[\d.]+)/.exec(message);
  if (!m) return null;
  const asked = Number(m[1]);
  const left = Math.max(Number(m[2]), 0);
  return `This movement needs ${formatMoney(asked)}, but the budget has only ${formatMoney(left)} left. ` +
    `Lower the amount, choose another budget, or ask a manager to add funds.`;
}

@Component({
  selector: 'bh-movement-form',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <h1 class="h3 mb-3">{{ id() ? 'Edit movement' : 'New movement' }}</h1>
    @if (conflict()) {
      <div class="alert alert-warning d-flex align-items-center" role="alert" data-testid="conflict">
        <span class="me-auto">Someone else changed this movement after you opened it. Reload it to see their
          changes, then make yours again.</span>
        <button type="button" class="btn btn-warning btn-sm" (click)="reload()">Reload</button>
      </div>
    } @else if (error(); as e) {
      <div class="alert alert-danger" role="alert" data-testid="form-error">{{ overBudget() ?? e.message }}</div>
    }
    @if (loaded()) {
    <form (ngSubmit)="save()" novalidate class="col-lg-8">
      <div class="row g-3 mb-3">
        <div class="col-md-6">
          <label class="form-label" for="documentNumber">Document number</label>
          <input class="form-control" id="documentNumber" name="documentNumber" maxlength="100" [(ngModel)]="documentNumber"
            [class.is-invalid]="error()?.fields?.['documentNumber']" aria-describedby="doc-error">
          <bh-field-error [message]="error()?.fields?.['documentNumber']" id="doc-error" />
        </div>
        <div class="col-md-6">
          <label class="form-label" for="dateOfEmission">Date</label>
          <input class="form-control" type="date" id="dateOfEmission" name="dateOfEmission" [(ngModel)]="date"
            [class.is-invalid]="error()?.fields?.['dateOfEmission']" aria-describedby="date-error">
          <bh-field-error [message]="error()?.fields?.['dateOfEmission']" id="date-error" />
        </div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="description">Description</label>
        <input class="form-control" id="description" name="description" [(ngModel)]="description"
          [class.is-invalid]="error()?.fields?.['description']" aria-describedby="description-error">
        <bh-field-error [message]="error()?.fields?.['description']" id="description-error" />
      </div>
      <div class="row g-3 mb-3">
        <div class="col-md-4">
          <label class="form-label" for="type">Type</label>
          <select class="form-select" id="type" name="type" [(ngModel)]="type">
            <option value="DEBIT">DEBIT (spends)</option><option value="CREDIT">CREDIT (gives back)</option>
          </select>
        </div>
        <div class="col-md-4">
          <label class="form-label" for="status">Status</label>
          <select class="form-select" id="status" name="status" [(ngModel)]="status">
            @for (s of statuses; track s) {<option [value]="s">{{ s }}</option>}
          </select>
        </div>
        <div class="col-md-4">
          <label class="form-label" for="supplierId">Supplier</label>
          <select class="form-select" id="supplierId" name="supplierId" [(ngModel)]="supplierId"
            [class.is-invalid]="error()?.fields?.['supplierId']" aria-describedby="supplier-error">
            <option value="" disabled>Choose a supplier</option>
            @for (s of suppliers(); track s.id) {<option [value]="s.id">{{ s.companyName }}</option>}
          </select>
          <bh-field-error [message]="error()?.fields?.['supplierId']" id="supplier-error" />
        </div>
      </div>
      <div class="mb-3">
        <label class="form-label" for="budget">Budget</label>
        <select class="form-select" id="budget" name="budget" [(ngModel)]="budget"
          [class.is-invalid]="error()?.fields?.['budgetSubtypeId'] || error()?.fields?.['budgetTypeId']" aria-describedby="budget-error">
          <option value="" disabled>Choose a budget subtype or type</option>
          @for (s of subtypes(); track s.id) {<option [value]="'s:' + s.id">{{ s.name }} (subtype, {{ money(s.availableFunds) }} left)</option>}
          @for (t of types(); track t.id) {<option [value]="'t:' + t.id">{{ t.name }} (type, {{ money(t.availableFunds) }} left)</option>}
        </select>
        <bh-field-error [message]="error()?.fields?.['budgetSubtypeId'] || error()?.fields?.['budgetTypeId']" id="budget-error" />
      </div>
      <div class="row g-3 mb-3">
        <div class="col-md-6">
          <label class="form-label" for="valueWithoutIva">Amount before VAT (EUR)</label>
          <input class="form-control" id="valueWithoutIva" name="valueWithoutIva" inputmode="decimal" [(ngModel)]="value"
            [class.is-invalid]="valueError() || error()?.fields?.['valueWithoutIva']" aria-describedby="value-error">
          <bh-field-error [message]="valueError() || error()?.fields?.['valueWithoutIva']" id="value-error" />
        </div>
        <div class="col-md-6">
          <label class="form-label" for="ivaRate">VAT %</label>
          <input class="form-control" id="ivaRate" name="ivaRate" inputmode="decimal" [(ngModel)]="ivaRate"
            [class.is-invalid]="error()?.fields?.['ivaRate']" aria-describedby="iva-error">
          <bh-field-error [message]="error()?.fields?.['ivaRate']" id="iva-error" />
        </div>
      </div>
      <button class="btn btn-primary" type="submit" [disabled]="busy()">Save</button>
      <a class="btn btn-link" routerLink="/movements">Cancel</a>
    </form>
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class MovementFormPage implements OnInit {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  /** The movement edited (route movements/:id); absent for a new one. */
  readonly id = input<string>();
  private readonly current = signal<Movement | null>(null);
  protected readonly loaded = signal(false);
  protected readonly conflict = signal(false);
  protected readonly statuses = MOVEMENT_STATUSES;
  protected documentNumber = '';
  protected date = new Date().toISOString().slice(0, 10);
  protected description = '';
  protected type: Movement['type'] = 'DEBIT';
  protected status: Movement['status'] = 'SUCCEEDED';
  protected supplierId = '';
  protected budget = '';
  protected value = '';
  protected ivaRate = '23';
  protected readonly types = signal<BudgetType[]>([]);
  protected readonly subtypes = signal<BudgetSubtype[]>([]);
  protected readonly suppliers = signal<Supplier[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly valueError = signal('');
  protected readonly money = formatMoney;

  ngOnInit(): void {
    const fail = (e: unknown) => this.error.set(apiError(e));
    this.api.get<'/api/v1/budget/type/all', Page<BudgetType>>('/api/v1/budget/type/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.types.set(p.content), error: fail });
    this.api.get<'/api/v1/budget/subtype/all', Page<BudgetSubtype>>('/api/v1/budget/subtype/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.subtypes.set(p.content), error: fail });
    this.api.get<'/api/v1/supplier/all', Page<Supplier>>('/api/v1/supplier/all', { query: { size: 100, sort: 'companyName,asc' } })
      .subscribe({ next: (p) => this.suppliers.set(p.content), error: fail });
    if (this.id()) this.reload();
    else this.loaded.set(true);
  }

  reload(): void {
    this.api.get<'/api/v1/movement/{id}', Movement>('/api/v1/movement/{id}', { path: { id: this.id()! } }).subscribe({
      next: (m) => {
        this.current.set(m);
        this.documentNumber = m.documentNumber ?? '';
        this.date = m.dateOfEmission;
        this.description = m.description;
        this.type = m.type;
        this.status = m.status;
        this.supplierId = m.supplierId;
        this.budget = m.budgetSubtypeId ? `s:${m.budgetSubtypeId}` : m.budgetTypeId ? `t:${m.budgetTypeId}` : '';
        this.value = m.valueWithoutIva.toFixed(2);
        this.ivaRate = String(m.ivaRate ?? 0);
        this.conflict.set(false);
        this.error.set(null);
        this.loaded.set(true);
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  protected overBudget(): string | null {
    const e = this.error();
    return e && e.code === 'BUDGET_EXCEEDED' ? overBudgetText(e.message) : null;
  }

  save(): void {
    const value = parseMoney(this.value);
    this.valueError.set(value === null ? 'Enter an amount of at least 0 with at most two decimals, e.g. 120.50.' : '');
    if (value === null) return;
    const [kind, budgetId] = this.budget.split(':');
    const body = {
      documentNumber: this.documentNumber.trim(), dateOfEmission: this.date, description: this.description.trim(),
      type: this.type, status: this.status, supplierId: this.supplierId, valueWithoutIva: value,
      ivaRate: parseMoney(this.ivaRate) ?? 0,
      budgetSubtypeId: kind === 's' ? budgetId : null, budgetTypeId: kind === 't' ? budgetId : null,
    } as unknown as CreateBody;
    this.busy.set(true);
    this.error.set(null);
    const current = this.current();
    const request = current
      ? this.api.put('/api/v1/movement/update', { ...current, ...body, id: current.id, version: current.version })
      : this.api.post('/api/v1/movement/create', body);
    request.subscribe({
      next: () => void this.router.navigateByUrl('/movements'),
      error: (e: unknown) => {
        this.busy.set(false);
        const shown = apiError(e);
        this.conflict.set(shown.code === 'OPTIMISTIC_LOCKING_FAILURE');
        this.error.set(shown);
      },
    });
  }
}
