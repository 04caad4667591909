// Create or edit a supplier. Validation errors (400 errors[]) are shown next to their field; a NIF, e-mail or
// phone that another supplier has is refused with 409 SUPPLIER_VALIDATION_ERROR, its message naming each clash;
// a stale version (409 OPTIMISTIC_LOCKING_FAILURE) offers a reload.
import { Component, OnInit, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Api, BodyOf, Schemas } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { FieldError } from '../core/field-error';

type Supplier = Schemas['SupplierDTO'];
// The contract marks id, version and correlationId required; on create the server assigns them (docs/api.md).
type CreateBody = Omit<Supplier, 'id' | 'version' | 'correlationId'>;
type FieldName = 'companyName' | 'responsibleName' | 'nif' | 'email' | 'phoneNumber';

@Component({
  selector: 'bh-supplier-form',
  imports: [FormsModule, RouterLink, FieldError],
  template: `
    <h1 class="h3 mb-3">{{ id() ? 'Edit supplier' : 'New supplier' }}</h1>
    @if (conflict()) {
      <div class="alert alert-warning d-flex align-items-center" role="alert" data-testid="conflict">
        <span class="me-auto">Someone else changed this supplier after you opened it. Reload it to see their
          changes, then make yours again.</span>
        <button type="button" class="btn btn-warning btn-sm" (click)="reload()">Reload</button>
      </div>
    } @else if (error(); as e) {
      <div class="alert alert-danger" role="alert" data-testid="form-error">{{ e.message }}</div>
    }
    @if (loaded()) {
      <form (ngSubmit)="save()" novalidate class="row g-3 col-lg-10">
        @for (f of fields; track f.name) {
          <div class="col-md-6">
            <label class="form-label" [for]="f.name">{{ f.label }}</label>
            <input class="form-control" [id]="f.name" [name]="f.name" [type]="f.type" [required]="f.required"
              [(ngModel)]="values[f.name]" [class.is-invalid]="error()?.fields?.[f.name]"
              [attr.aria-describedby]="f.name + '-error'">
            <bh-field-error [message]="error()?.fields?.[f.name]" [id]="f.name + '-error'" />
          </div>
        }
        <div class="col-12">
          <button class="btn btn-primary" type="submit" [disabled]="busy()">Save</button>
          <a class="btn btn-link" routerLink="/suppliers">Cancel</a>
        </div>
      </form>
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class SupplierFormPage implements OnInit {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  readonly id = input<string>();
  protected readonly fields: readonly { name: FieldName; label: string; type: string; required: boolean }[] = [
    { name: 'companyName', label: 'Company name', type: 'text', required: true },
    { name: 'responsibleName', label: 'Responsible person', type: 'text', required: true },
    { name: 'nif', label: 'NIF (tax number)', type: 'text', required: true },
    { name: 'email', label: 'E-mail (optional)', type: 'email', required: false },
    { name: 'phoneNumber', label: 'Phone number (optional)', type: 'tel', required: false },
  ];
  protected values: Record<FieldName, string> = { companyName: '', responsibleName: '', nif: '', email: '', phoneNumber: '' };
  private readonly current = signal<Supplier | null>(null);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly conflict = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  ngOnInit(): void {
    if (this.id()) this.reload();
    else this.loaded.set(true);
  }

  reload(): void {
    this.api.get('/api/v1/supplier/{id}', { path: { id: this.id()! } }).subscribe({
      next: (s) => {
        const supplier = s as Supplier;
        this.current.set(supplier);
        this.values = {
          companyName: supplier.companyName, responsibleName: supplier.responsibleName, nif: supplier.nif,
          email: supplier.email ?? '', phoneNumber: supplier.phoneNumber ?? '',
        };
        this.conflict.set(false);
        this.error.set(null);
        this.loaded.set(true);
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  save(): void {
    const v = this.values;
    const optional = (text: string) => (text.trim() ? text.trim() : undefined);
    const fields: CreateBody = {
      companyName: v.companyName.trim(), responsibleName: v.responsibleName.trim(), nif: v.nif.trim(),
      email: optional(v.email), phoneNumber: optional(v.phoneNumber),
    };
    this.busy.set(true);
    this.error.set(null);
    const current = this.current();
    const request = current
      ? this.api.put('/api/v1/supplier/update', { ...current, ...fields })
      : this.api.post('/api/v1/supplier/create', fields as BodyOf<'/api/v1/supplier/create', 'post'>);
    request.subscribe({
      next: () => void this.router.navigateByUrl('/suppliers'),
      error: (e: unknown) => {
        this.busy.set(false);
        const shown = apiError(e);
        this.conflict.set(shown.code === 'OPTIMISTIC_LOCKING_FAILURE');
        this.error.set(shown);
      },
    });
  }
}
