// Suppliers: a paged list filtered by name or NIF and sorted by a column the user picks, with edit and (ADMIN)
// delete after confirmation.
import { Component, OnInit, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api, Supplier, Page } from '../api/api';
import { ListAlerts, PagedList, Pager, RowActions, SortHeader } from './list-parts';

@Component({
  selector: 'bh-suppliers',
  imports: [FormsModule, RouterLink, Pager, SortHeader, ListAlerts, RowActions],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Suppliers</h1>
      <a class="btn btn-primary" routerLink="/suppliers/new">New supplier</a>
    </div>
    <form class="row g-2 align-items-end mb-3" (ngSubmit)="list.load(0)" aria-label="Filter suppliers">
      <div class="col-sm-6 col-md-4"><label class="form-label" for="name-filter">Name or NIF contains</label>
        <input class="form-control" id="name-filter" name="nameFilter" [(ngModel)]="nameFilter" maxlength="200"></div>
      <div class="col-auto"><button class="btn btn-outline-primary" type="submit">Filter</button>
        <button class="btn btn-link" type="button" (click)="clear()">Clear</button></div>
    </form>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Suppliers</caption>
        <thead><tr>
          <th scope="col" bhSort="companyName" [list]="list">Company</th>
          <th scope="col" bhSort="responsibleName" [list]="list">Responsible</th>
          <th scope="col" bhSort="nif" [list]="list">NIF</th>
          <th scope="col" bhSort="email" [list]="list">E-mail</th>
          <th scope="col">Phone</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          @for (t of p.content; track t.id) {
            <tr>
              <td>{{ t.companyName }}</td><td>{{ t.responsibleName }}</td><td>{{ t.nif }}</td>
              <td>{{ t.email }}</td><td>{{ t.phoneNumber }}</td>
              <td class="text-end text-nowrap">
                <bh-row-actions [list]="list" [row]="t" [edit]="['/suppliers', t.id]" [label]="t.companyName" />
              </td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="text-muted">No suppliers{{ nameFilter ? ' match this filter' : ' yet' }}.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class SuppliersPage implements OnInit {
  private readonly api = inject(Api);
  protected nameFilter = '';
  protected readonly list = new PagedList<Supplier>(
    (q) => this.api.get<'/api/v1/supplier/all', Page<Supplier>>('/api/v1/supplier/all',
      { query: { ...q, ...(this.nameFilter.trim() ? { name: this.nameFilter.trim() } : {}) } }),
    { field: 'companyName', direction: 'asc' },
    {
      remove: {
        question: (t) => `Delete the supplier “${t.companyName}”? This cannot be undone.`,
        request: (t) => this.api.delete('/api/v1/supplier/{id}', { path: { id: t.id } }),
        done: (t) => `Supplier “${t.companyName}” deleted.`,
      },
    });

  ngOnInit(): void {
    this.list.load(0);
  }

  clear(): void {
    this.nameFilter = '';
    this.list.load(0);
  }
}
