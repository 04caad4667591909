// New payment: items bought from suppliers against budget subtypes, paid by a Stripe payment method (the id
// Stripe.js gives; pm_card_visa is Stripe's test card) or through Stripe Checkout. The amount is reserved on
// the budgets before anything is charged; a budget without room refuses the payment, saying what is left.
// The request carries an Idempotency-Key, so a double click or a retry never pays twice.
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Api, BodyOf, BudgetSubtype, Page, Supplier } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FieldError } from '../core/field-error';
import { formatMoney, parseMoney } from '../core/money';

interface ItemRow {
  name: string;
  subtypeId: string;
  supplierId: string;
  amount: string;
  ivaRate: string;
}

type IntentBody = BodyOf<'/api/v1/payment/create-payment-intent', 'post'>;
type SessionBody = BodyOf<'/api/v1/payment/create-payment-session', 'post'>;

@Component({
  selector: 'bh-payment-form',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <h1 class="h3 mb-3">New payment</h1>
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>}
    <form (ngSubmit)="pay()" novalidate class="col-lg-10">
      <div class="row g-3 mb-3">
        <div class="col-md-8">
          <label class="form-label" for="description">Description</label>
          <input class="form-control" id="description" name="description" required maxlength="2000" [(ngModel)]="description"
            [class.is-invalid]="error()?.fields?.['description']" aria-describedby="description-error">
          <bh-field-error [message]="error()?.fields?.['description']" id="description-error" />
        </div>
        <div class="col-md-4">
          <label class="form-label" for="currency">Currency</label>
          <select class="form-select" id="currency" name="currency" [(ngModel)]="currency">
            <option value="eur">EUR</option><option value="usd">USD</option><option value="gbp">GBP</option>
          </select>
        </div>
      </div>
      <fieldset class="mb-3">
        <legend class="h5">Items</legend>
        @for (item of items; track $index; let i = $index) {
          <div class="row g-2 align-items-end mb-2 border-bottom pb-2" [attr.data-testid]="'item-' + i">
            <div class="col-md-2">
              <label class="form-label" [for]="'name-' + i">Item</label>
              <input class="form-control" [id]="'name-' + i" [name]="'name-' + i" maxlength="200" [(ngModel)]="item.name">
            </div>
            <div class="col-md-3">
              <label class="form-label" [for]="'subtype-' + i">Budget subtype</label>
              @if (subtypes().length) {
                <select class="form-select" [id]="'subtype-' + i" [name]="'subtype-' + i" [(ngModel)]="item.subtypeId"
                  [class.is-invalid]="fieldOf(i, 'budgetSubtypeId')" [attr.aria-describedby]="'subtype-error-' + i">
                  <option value="" disabled>Choose a subtype</option>
                  @for (s of subtypes(); track s.id) {<option [value]="s.id">{{ s.name }} ({{ money(s.availableFunds) }} left)</option>}
                </select>
              } @else {
                <input class="form-control" [id]="'subtype-' + i" [name]="'subtype-' + i" [(ngModel)]="item.subtypeId"
                  placeholder="Subtype id" [class.is-invalid]="fieldOf(i, 'budgetSubtypeId')"
                  [attr.aria-describedby]="'subtype-error-' + i">
              }
              <bh-field-error [message]="fieldOf(i, 'budgetSubtypeId')" [id]="'subtype-error-' + i" />
            </div>
            <div class="col-md-3">
              <label class="form-label" [for]="'supplier-' + i">Supplier</label>
              @if (suppliers().length) {
                <select class="form-select" [id]="'supplier-' + i" [name]="'supplier-' + i" [(ngModel)]="item.supplierId"
                  [class.is-invalid]="fieldOf(i, 'supplierId')" [attr.aria-describedby]="'supplier-error-' + i">
                  <option value="" disabled>Choose a supplier</option>
                  @for (s of suppliers(); track s.id) {<option [value]="s.id">{{ s.companyName }}</option>}
                </select>
              } @else {
                <input class="form-control" [id]="'supplier-' + i" [name]="'supplier-' + i" [(ngModel)]="item.supplierId"
                  placeholder="Supplier id" [class.is-invalid]="fieldOf(i, 'supplierId')"
                  [attr.aria-describedby]="'supplier-error-' + i">
              }
              <bh-field-error [message]="fieldOf(i, 'supplierId')" [id]="'supplier-error-' + i" />
            </div>
            <div class="col-md-2">
              <label class="form-label" [for]="'amount-' + i">Amount before VAT</label>
              <input class="form-control" [id]="'amount-' + i" [name]="'amount-' + i" inputmode="decimal" [(ngModel)]="item.amount"
                [class.is-invalid]="fieldOf(i, 'amount')" [attr.aria-describedby]="'amount-error-' + i">
              <bh-field-error [message]="fieldOf(i, 'amount')" [id]="'amount-error-' + i" />
            </div>
            <div class="col-md-1">
              <label class="form-label" [for]="'iva-' + i">VAT %</label>
              <input class="form-control" [id]="'iva-' + i" [name]="'iva-' + i" inputmode="decimal" [(ngModel)]="item.ivaRate"
                [class.is-invalid]="fieldOf(i, 'ivaRate')" [attr.aria-describedby]="'iva-error-' + i">
              <bh-field-error [message]="fieldOf(i, 'ivaRate')" [id]="'iva-error-' + i" />
            </div>
            <div class="col-md-1">
              @if (items.length > 1) {
                <button type="button" class="btn btn-outline-danger btn-sm" (click)="items.splice(i, 1)"
                  [attr.aria-label]="'Remove item ' + (i + 1)">Remove</button>
              }
            </div>
          </div>
        }
        <button type="button" class="btn btn-outline-secondary btn-sm" (click)="addItem()">Add an item</button>
        <p class="form-text mb-0" data-testid="total">Total with VAT: {{ total() }}</p>
      </fieldset>
      <div class="mb-3 col-md-6">
        <label class="form-label" for="method">Payment method</label>
        <input class="form-control" id="method" name="method" [(ngModel)]="method" aria-describedby="method-help method-error"
          [class.is-invalid]="error()?.fields?.['paymentMethodId']">
        <div id="method-help" class="form-text">The id Stripe.js gives for the card or SEPA account (pm_…); pm_card_visa is
          Stripe's test card. Card numbers never reach BudgetHub.</div>
        <bh-field-error [message]="error()?.fields?.['paymentMethodId']" id="method-error" />
      </div>
      <button class="btn btn-primary" type="submit" [disabled]="busy()">Create payment</button>
      <button class="btn btn-outline-primary ms-2" type="button" (click)="checkout()" [disabled]="busy()">Pay with Stripe Checkout</button>
      <a class="btn btn-link" routerLink="/payments">Cancel</a>
    </form>
  `,
})
export class PaymentFormPage implements OnInit {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  /** One key per attempt: the same submission sent twice is one payment (docs/api.md, Payment). A refused
   * attempt (4xx) made nothing, so the next one, with other details, gets a new key; after a 5xx or no
   * answer the key stays, and sending again resumes what may have been started. */
  private key = crypto.randomUUID();
  protected description = '';
  protected currency = 'eur';
  protected method = 'pm_card_visa';
  protected items: ItemRow[] = [];
  protected readonly subtypes = signal<BudgetSubtype[]>([]);
  protected readonly suppliers = signal<Supplier[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly money = formatMoney;

  ngOnInit(): void {
    this.addItem();
    if (!this.auth.canManageBudget()) return; // an EMPLOYEE cannot list budgets or suppliers: ids by hand
    this.api
      .get<'/api/v1/budget/subtype/all', Page<BudgetSubtype>>('/api/v1/budget/subtype/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.subtypes.set(p.content), error: (e: unknown) => this.error.set(apiError(e)) });
    this.api
      .get<'/api/v1/supplier/all', Page<Supplier>>('/api/v1/supplier/all', { query: { size: 100, sort: 'companyName,asc' } })
      .subscribe({ next: (p) => this.suppliers.set(p.content), error: (e: unknown) => this.error.set(apiError(e)) });
  }

  addItem(): void {
    this.items.push({ name: '', subtypeId: '', supplierId: '', amount: '', ivaRate: '23' });
  }

  fieldOf(i: number, field: string): string | undefined {
    return this.error()?.fields?.[`items[${i}].${field}`] ?? (field === 'amount' ? this.localErrors()[i] : undefined);
  }

  protected readonly localErrors = signal<Record<number, string>>({});

  total(): string {
    let sum = 0;
    for (const item of this.items) {
      const amount = parseMoney(item.amount);
      const rate = parseMoney(item.ivaRate) ?? 0;
      if (amount !== null) sum += Math.round(amount * (100 + rate)) / 100;
    }
    return new Intl.NumberFormat('pt-PT', { style: 'currency', currency: this.currency.toUpperCase() }).format(sum);
  }

  private body(): SessionBody | null {
    const errors: Record<number, string> = {};
    const items = this.items.map((item, i) => {
      const amount = parseMoney(item.amount);
      if (amount === null || amount <= 0) errors[i] = 'Enter an amount above 0 with at most two decimals, e.g. 120.50.';
      return {
        ...(item.name.trim() ? { id: item.name.trim() } : {}),
        amount: amount ?? 0,
        ivaRate: parseMoney(item.ivaRate) ?? 0,
        budgetSubtypeId: item.subtypeId.trim() || null,
        supplierId: item.supplierId.trim(),
      };
    });
    this.localErrors.set(errors);
    if (Object.keys(errors).length) return null;
    return { currency: this.currency, description: this.description.trim(), items } as SessionBody;
  }

  pay(): void {
    const body = this.body();
    if (!body) return;
    const intent = { ...body, paymentMethodId: this.method.trim(), movementType: 'DEBIT' } as IntentBody;
    this.start();
    this.api
      .post('/api/v1/payment/create-payment-intent', intent, { headers: { 'Idempotency-Key': this.key } })
      .subscribe({
        next: (created) => void this.router.navigate(['/payments', created.correlationId], { queryParams: { created: 1 } }),
        error: (e: unknown) => this.fail(e),
      });
  }

  checkout(): void {
    const body = this.body();
    if (!body) return;
    this.start();
    this.api
      .post('/api/v1/payment/create-payment-session', body, { headers: { 'Idempotency-Key': `checkout-${this.key}` } })
      .subscribe({
        next: (session) => window.location.assign(session.sessionUrl),
        error: (e: unknown) => this.fail(e),
      });
  }

  private start(): void {
    this.busy.set(true);
    this.error.set(null);
  }

  private fail(e: unknown): void {
    this.busy.set(false);
    const shown = apiError(e);
    if (shown.status >= 400 && shown.status < 500) this.key = crypto.randomUUID();
    this.error.set(shown);
  }
}
