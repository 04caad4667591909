// Dashboard: allocated, spent and available per budget type (and its subtypes) from GET /api/v1/budget/usage,
// as a table and a Chart.js bar chart. The usage route is for ADMIN and MANAGER; others see why it is empty.
import { Component, ElementRef, OnDestroy, OnInit, effect, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Api, Page, TypeUsage } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatMoney } from '../core/money';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

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
              <th scope="col" class="text-end">Spent</th><th scope="col" class="text-end">Available</th>
              <th scope="col" class="text-end">Used</th></tr></thead>
            <tbody>
              @for (t of page.content; track t.budgetTypeId) {
                <tr class="table-light fw-semibold">
                  <th scope="row">{{ t.name }}</th><td class="text-end">{{ money(t.allocated) }}</td>
                  <td class="text-end">{{ money(t.spent) }}</td><td class="text-end">{{ money(t.available) }}</td>
                  <td class="text-end">{{ t.usedPercent }} %</td>
                </tr>
                @for (s of t.subtypes; track s.budgetSubtypeId) {
                  <tr>
                    <td class="ps-4">{{ s.name }}</td><td class="text-end">{{ money(s.allocated) }}</td>
                    <td class="text-end">{{ money(s.spent) }}</td><td class="text-end">{{ money(s.available) }}</td>
                    <td class="text-end">{{ s.usedPercent }} %</td>
                  </tr>
                }
              }
            </tbody>
          </table>
          @if (page.totalElements > page.content.length) {
            <p class="text-muted">Showing the first {{ page.content.length }} of {{ page.totalElements }} budget types.</p>
          }
        }
      } @else if (!error()) {
        <p class="text-muted" role="status">Loading…</p>
      }
    }
  `,
})
export class DashboardPage implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  protected readonly usage = signal<Page<TypeUsage> | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('chart');
  private chart: Chart | null = null;
  protected readonly money = formatMoney;

  constructor() {
    effect(() => {
      const canvas = this.canvas();
      const page = this.usage();
      if (canvas && page) this.draw(canvas.nativeElement, page.content);
    });
  }

  ngOnInit(): void {
    if (!this.auth.canManageBudget()) return;
    // The contract declares no parameters and no body for this route: the server's first page (20 types by name).
    this.api.get<'/api/v1/budget/usage', Page<TypeUsage>>('/api/v1/budget/usage')
      .subscribe({ next: (page) => this.usage.set(page), error: (e: unknown) => this.error.set(apiError(e)) });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
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
