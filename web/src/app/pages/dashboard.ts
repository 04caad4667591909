// Dashboard: the budgets at or over 80 % of their allocation (GET /api/v1/budget/usage/alerts), allocated,
// reserved, spent and available per budget type and subtype (GET /api/v1/budget/usage) as a Chart.js bar chart
// and a table, and the latest movements. The three requests go out together; each part shows when it arrives.
// The usage routes are for ADMIN and MANAGER; others see why the page is empty.
import { Component, ElementRef, OnDestroy, OnInit, effect, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Api, Page, SubtypeUsage, TypeUsage, UsageAlerts } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatMoney } from '../core/money';
import type { Movement } from './movements';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** How many of the latest movements the dashboard lists. */
export const RECENT_MOVEMENTS = 8;

/** The alert level of a budget: at or over its allocation, at or over the first threshold, or none. */
export function alertLevel(usedPercent: number, threshold = 80): 'over' | 'near' | null {
  if (usedPercent >= 100) return 'over';
  return usedPercent >= threshold ? 'near' : null;
}

/** What is left of a budget, said plainly: "nothing left", "1,00 € left" or "5,00 € over". */
export function leftInWords(available: number): string {
  if (available === 0) return 'nothing left';
  return available > 0 ? `${formatMoney(available)} left` : `${formatMoney(-available)} over`;
}

@Component({
  selector: 'bh-dashboard',
  imports: [RouterLink],
  template: `
    <h1 class="h3 mb-3">Dashboard</h1>
    @if (!auth.canManageBudget()) {
      <div class="alert alert-info" role="status">Your account has no budget role yet. An administrator can give you
        the MANAGER role to see and run the budget.</div>
    } @else {
      @if (error(); as e) {<div class="alert alert-danger" role="alert">{{ e.message }}</div>}
      <section class="card mb-4" aria-labelledby="alerts-title" data-testid="alerts">
        <div class="card-body">
          <h2 class="h5" id="alerts-title">Budget alerts</h2>
          @if (alerts(); as a) {
            @if (a.types.length + a.subtypes.length === 0) {
              <p class="mb-0 text-muted">No budget has used {{ a.thresholdPercent }} % of its allocation.</p>
            } @else {
              <ul class="list-unstyled mb-0">
                @for (t of a.types; track t.budgetTypeId) {
                  <li class="mb-1">
                    <span class="badge me-2" [class]="badge(t.usedPercent, a.thresholdPercent)">{{ t.usedPercent }} %</span>
                    <a [routerLink]="['/budget-types', t.budgetTypeId]">{{ t.name }}</a> (type):
                    {{ money(t.spent) }} of {{ money(t.allocated) }} spent, {{ words(t.available) }}
                  </li>
                }
                @for (s of a.subtypes; track s.budgetSubtypeId) {
                  <li class="mb-1">
                    <span class="badge me-2" [class]="badge(s.usedPercent, a.thresholdPercent)">{{ s.usedPercent }} %</span>
                    <a [routerLink]="['/budget-subtypes', s.budgetSubtypeId]">{{ s.name }}</a>
                    ({{ s.budgetTypeName }}): {{ money(s.spent) }} of {{ money(s.allocated) }} spent, {{ words(s.available) }}
                  </li>
                }
              </ul>
              @if (a.totalTypes + a.totalSubtypes > a.types.length + a.subtypes.length) {
                <p class="text-muted mb-0 mt-2">{{ a.totalTypes + a.totalSubtypes - a.types.length - a.subtypes.length }}
                  more budgets are over {{ a.thresholdPercent }} %; the most used are listed.</p>
              }
            }
          } @else if (!error()) {
            <p class="text-muted mb-0" role="status">Loading…</p>
          }
        </div>
      </section>
      @if (usage(); as page) {
        @if (page.content.length === 0) {
          <div class="alert alert-secondary" role="status">No budget types yet.
            <a class="alert-link" routerLink="/budget-types/new">Create the first one</a>.</div>
        } @else {
          <div class="card mb-4"><div class="card-body">
            <h2 class="h5">Per budget type</h2>
            <div class="chart-box"><canvas #chart role="img" aria-label="Allocated, spent and available per budget type"></canvas></div>
          </div></div>
          <table class="table table-sm align-middle" data-testid="usage">
            <caption class="visually-hidden">Budget usage per type and subtype</caption>
            <thead><tr><th scope="col">Budget type / subtype</th><th scope="col" class="text-end">Allocated</th>
              <th scope="col" class="text-end">Reserved for subtypes</th>
              <th scope="col" class="text-end">Spent</th><th scope="col" class="text-end">Available</th>
              <th scope="col" class="text-end">Used</th></tr></thead>
            <tbody>
              @for (t of page.content; track t.budgetTypeId) {
                <tr class="table-light fw-semibold">
                  <th scope="row">{{ t.name }}</th><td class="text-end">{{ money(t.allocated) }}</td>
                  <td class="text-end">{{ money(t.reserved) }}</td>
                  <td class="text-end">{{ money(t.spent) }}</td><td class="text-end">{{ money(t.available) }}</td>
                  <td class="text-end" [class.text-danger]="level(t.usedPercent) === 'over'">{{ t.usedPercent }} %</td>
                </tr>
                @for (s of subtypesOf(t); track s.budgetSubtypeId) {
                  <tr>
                    <td class="ps-4">{{ s.name }}</td><td class="text-end">{{ money(s.allocated) }}</td>
                    <td class="text-end">—</td>
                    <td class="text-end">{{ money(s.spent) }}</td><td class="text-end">{{ money(s.available) }}</td>
                    <td class="text-end" [class.text-danger]="level(s.usedPercent) === 'over'">{{ s.usedPercent }} %</td>
                  </tr>
                }
              }
            </tbody>
          </table>
          @if (page.totalElements > page.content.length) {
            <p class="text-muted">Showing the first {{ page.content.length }} of {{ page.totalElements }} budget types
              (<a routerLink="/budget-types">all budget types</a>).</p>
          }
        }
      } @else if (!error()) {
        <p class="text-muted" role="status">Loading…</p>
      }
      <section class="card mb-4" aria-labelledby="recent-title">
        <div class="card-body">
          <h2 class="h5" id="recent-title">Latest movements</h2>
          @if (recent(); as r) {
            <table class="table table-sm align-middle mb-2" data-testid="recent-movements">
              <caption class="visually-hidden">The latest movements</caption>
              <thead><tr><th scope="col">Date</th><th scope="col">Document</th><th scope="col">Description</th>
                <th scope="col" class="text-end">Total</th><th scope="col">Status</th></tr></thead>
              <tbody>
                @for (m of r.content; track m.id) {
                  <tr><td class="text-nowrap">{{ m.dateOfEmission }}</td>
                    <td><a [routerLink]="m.paymentId ? ['/payments', m.paymentId] : ['/movements', m.id]">{{ m.documentNumber }}</a></td>
                    <td>{{ m.description }}</td><td class="text-end text-nowrap">{{ money(m.totalValue) }}</td>
                    <td>{{ m.status }}</td></tr>
                } @empty {
                  <tr><td colspan="5" class="text-muted">No movements yet.</td></tr>
                }
              </tbody>
            </table>
            <a routerLink="/movements">All movements</a>
          } @else if (!error()) {
            <p class="text-muted mb-0" role="status">Loading…</p>
          }
        </div>
      </section>
    }
  `,
})
export class DashboardPage implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  protected readonly usage = signal<Page<TypeUsage> | null>(null);
  protected readonly alerts = signal<UsageAlerts | null>(null);
  protected readonly recent = signal<Page<Movement> | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('chart');
  private chart: Chart | null = null;
  protected readonly money = formatMoney;
  protected readonly level = alertLevel;
  protected readonly words = leftInWords;

  constructor() {
    effect(() => {
      const canvas = this.canvas();
      const page = this.usage();
      if (canvas && page) this.draw(canvas.nativeElement, page.content);
    });
  }

  ngOnInit(): void {
    if (!this.auth.canManageBudget()) return;
    const failed = (e: unknown) => this.error.set(apiError(e));
    this.api.get('/api/v1/budget/usage/alerts').subscribe({ next: (a) => this.alerts.set(a), error: failed });
    // The contract declares no parameters for the summary: the server's first page (20 types by name).
    this.api.get<'/api/v1/budget/usage', Page<TypeUsage>>('/api/v1/budget/usage')
      .subscribe({ next: (page) => this.usage.set(page), error: failed });
    this.api.get<'/api/v1/movement/all', Page<Movement>>('/api/v1/movement/all',
      { query: { size: RECENT_MOVEMENTS, sort: 'id,desc' } })
      .subscribe({ next: (page) => this.recent.set(page), error: failed });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }

  protected subtypesOf(t: TypeUsage): SubtypeUsage[] {
    return t.subtypes ?? [];
  }

  protected badge(usedPercent: number, threshold: number): string {
    return alertLevel(usedPercent, threshold) === 'over' ? 'text-bg-danger' : 'text-bg-warning';
  }

  private draw(canvas: HTMLCanvasElement, types: TypeUsage[]): void {
    this.chart?.destroy();
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: types.map((t) => t.name),
        datasets: [
          { label: 'Allocated', data: types.map((t) => t.allocated), backgroundColor: '#6c757d' },
          { label: 'Spent', data: types.map((t) => t.spent), backgroundColor: '#dc3545' },
          { label: 'Available', data: types.map((t) => t.available), backgroundColor: '#198754' },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMoney(c.parsed.y)}` } } },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatMoney(Number(v)) } } },
      },
    });
  }
}
