// Movements: every server filter (dates, status, budget type, subtype, supplier), sorted by a column the user
// picks, paged; a new movement; edit; delete (ADMIN) after confirmation. A payment's movements are the payment's:
// they link to it instead of offering a delete the server would refuse. A movement's buttons and texts name it by
// its document number, which is optional (movementName).
import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api, BudgetSubtype, BudgetType, Page, Schemas, Supplier } from '../api/api';
import { formatMoney } from '../core/money';
import { ListAlerts, PagedList, Pager, RowActions, SortHeader } from './list-parts';

export type Movement = Schemas['MovementDTO'] & { paymentId?: string | null };
export const MOVEMENT_STATUSES: Movement['status'][] = ['ACCEPTED', 'PROCESSING', 'SUCCEEDED', 'REFUSED', 'CANCELED', 'FAILED', 'REFUNDED'];

/** What a movement is called ("Edit …", "Delete the movement “…”?"): its document number, else its description. */
export function movementName(m: Movement): string {
  return m.documentNumber?.trim() || m.description?.trim() || 'movement';
}

@Component({
  selector: 'bh-movements',
  imports: [FormsModule, RouterLink, Pager, SortHeader, ListAlerts, RowActions],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Movements</h1>
      <a class="btn btn-outline-primary me-2" routerLink="/movements/export">Export to Excel</a>
      <a class="btn btn-primary" routerLink="/movements/new">New movement</a>
    </div>
    <form class="row g-2 align-items-end mb-3" (ngSubmit)="list.load(0)" aria-label="Filter movements">
      <div class="col-md-2">
        <label class="form-label" for="startDate">From</label>
        <input class="form-control" type="date" id="startDate" name="startDate" [(ngModel)]="startDate"
          [class.is-invalid]="list.error()?.fields?.['startDate']">
      </div>
      <div class="col-md-2">
        <label class="form-label" for="endDate">To</label>
        <input class="form-control" type="date" id="endDate" name="endDate" [(ngModel)]="endDate"
          [class.is-invalid]="list.error()?.fields?.['endDate']" aria-describedby="endDate-error">
        @if (list.error()?.fields?.['endDate']; as m) {<div class="invalid-feedback d-block" id="endDate-error">{{ m }}</div>}
      </div>
      <div class="col-md-2">
        <label class="form-label" for="status">Status</label>
        <select class="form-select" id="status" name="status" [(ngModel)]="status">
          <option value="">Any</option>
          @for (s of statuses; track s) {<option [value]="s">{{ s }}</option>}
        </select>
      </div>
      <div class="col-md-2">
        <label class="form-label" for="type">Budget type</label>
        <select class="form-select" id="type" name="type" [(ngModel)]="typeId">
          <option value="">Any</option>
          @for (t of types(); track t.id) {<option [value]="t.id">{{ t.name }}</option>}
        </select>
      </div>
      <div class="col-md-2">
        <label class="form-label" for="subtype">Subtype</label>
        <select class="form-select" id="subtype" name="subtype" [(ngModel)]="subtypeId">
          <option value="">Any</option>
          @for (t of subtypes(); track t.id) {<option [value]="t.id">{{ t.name }}</option>}
        </select>
      </div>
      <div class="col-md-2">
        <label class="form-label" for="supplier">Supplier</label>
        <select class="form-select" id="supplier" name="supplier" [(ngModel)]="supplierId">
          <option value="">Any</option>
          @for (t of suppliers(); track t.id) {<option [value]="t.id">{{ t.companyName }}</option>}
        </select>
      </div>
      <div class="col-12"><button class="btn btn-outline-primary" type="submit">Filter</button>
        <button class="btn btn-link" type="button" (click)="clear()">Clear</button></div>
    </form>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Movements</caption>
        <thead><tr>
          <th scope="col" bhSort="dateOfEmission" [list]="list">Date</th>
          <th scope="col" bhSort="documentNumber" [list]="list">Document</th>
          <th scope="col">Description</th><th scope="col">Supplier</th><th scope="col">Type</th>
          <th scope="col" class="text-end">Total</th><th scope="col">Status</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          @for (m of p.content; track m.id) {
            <tr>
              <td class="text-nowrap">{{ m.dateOfEmission }}</td><td>{{ m.documentNumber }}</td><td>{{ m.description }}</td>
              <td>{{ m.supplier?.companyName ?? '—' }}</td><td>{{ m.type }}</td>
              <td class="text-end text-nowrap">{{ money(m.totalValue) }}</td><td>{{ m.status }}</td>
              <td class="text-end text-nowrap">
                @if (m.paymentId) {
                  <a class="btn btn-outline-secondary btn-sm" [routerLink]="['/payments', m.paymentId]"
                    [attr.aria-label]="'Payment of ' + name(m)">Payment</a>
                } @else {
                  <bh-row-actions [list]="list" [row]="m" [edit]="['/movements', m.id]" [label]="name(m)" />
                }
              </td>
            </tr>
          } @empty {
            <tr><td colspan="8" class="text-muted">No movements{{ filtered() ? ' match these filters' : ' yet' }}.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class MovementsPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly statuses = MOVEMENT_STATUSES;
  protected readonly types = signal<BudgetType[]>([]);
  protected readonly subtypes = signal<BudgetSubtype[]>([]);
  protected readonly suppliers = signal<Supplier[]>([]);
  protected readonly money = formatMoney;
  protected readonly name = movementName;
  protected startDate = '';
  protected endDate = '';
  protected status = '';
  protected typeId = '';
  protected subtypeId = '';
  protected supplierId = '';
  protected readonly list = new PagedList<Movement>(
    (q) => this.api.get<'/api/v1/movement/all', Page<Movement>>('/api/v1/movement/all', {
      query: {
        ...q,
        ...(this.startDate ? { startDate: this.startDate } : {}),
        ...(this.endDate ? { endDate: this.endDate } : {}),
        ...(this.status ? { status: this.status as Movement['status'] } : {}),
        ...(this.typeId ? { budgetTypeId: this.typeId } : {}),
        ...(this.subtypeId ? { budgetSubtypeId: this.subtypeId } : {}),
        ...(this.supplierId ? { supplierId: this.supplierId } : {}),
      },
    }),
    { field: 'dateOfEmission', direction: 'desc' },
    {
      remove: {
        question: (m) => `Delete the movement “${movementName(m)}”? What it booked returns to its budget.`,
        request: (m) => this.api.delete('/api/v1/movement/{id}', { path: { id: m.id } }),
        done: (m) => `Movement “${movementName(m)}” deleted.`,
      },
    });

  ngOnInit(): void {
    const fail = (e: unknown) => this.list.fail(e);
    this.api.get<'/api/v1/budget/type/all', Page<BudgetType>>('/api/v1/budget/type/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.types.set(p.content), error: fail });
    this.api.get<'/api/v1/budget/subtype/all', Page<BudgetSubtype>>('/api/v1/budget/subtype/all', { query: { size: 100, sort: 'name,asc' } })
      .subscribe({ next: (p) => this.subtypes.set(p.content), error: fail });
    this.api.get<'/api/v1/supplier/all', Page<Supplier>>('/api/v1/supplier/all', { query: { size: 100, sort: 'companyName,asc' } })
      .subscribe({ next: (p) => this.suppliers.set(p.content), error: fail });
    this.list.load(0);
  }

  protected filtered(): boolean {
    return !!(this.startDate || this.endDate || this.status || this.typeId || this.subtypeId || this.supplierId);
  }

  clear(): void {
    this.startDate = this.endDate = this.status = this.typeId = this.subtypeId = this.supplierId = '';
    this.list.load(0);
  }
}
