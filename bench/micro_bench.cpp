// Hot-path micro benchmarks: router match, JSON of a movement, Money parse/format.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "core/money.h"
#include "http/router.h"

namespace {

using bh::http::Method;

bh::http::Router contract_router() {
    // A representative slice of the contract's routes (literal and parameterised).
    static const char* kRoutes[] = {"/api/v1/auth/sign-in",
                                    "/api/v1/auth/refresh-token",
                                    "/api/v1/user-credentials/register",
                                    "/api/v1/budget/type/all",
                                    "/api/v1/budget/type/{id}",
                                    "/api/v1/budget/subtype/all",
                                    "/api/v1/budget/subtype/{id}",
                                    "/api/v1/supplier/all",
                                    "/api/v1/supplier/{id}",
                                    "/api/v1/invoice/all",
                                    "/api/v1/invoice/{id}",
                                    "/api/v1/invoice/{id}/attach-file",
                                    "/api/v1/movement/all",
                                    "/api/v1/movement/{id}",
                                    "/api/v1/movement/budget-type/{budgetTypeId}",
                                    "/api/v1/movement/budget-subtype/{budgetSubtypeId}",
                                    "/api/v1/movement/export-movements-report",
                                    "/api/v1/payment/create-payment-intent",
                                    "/api/v1/payment/confirm-payment-intent/{id}",
                                    "/healthz",
                                    "/readyz",
                                    "/metrics"};
    bh::http::Router router;
    for (const char* r : kRoutes) {
        router.add(Method::Get, r, [](bh::http::Request&) -> boost::asio::awaitable<bh::http::Response> {
            co_return bh::http::Response{};
        });
    }
    return router;
}

void BM_RouterMatchLiteral(benchmark::State& state) {
    const auto router = contract_router();
    for (auto _ : state) benchmark::DoNotOptimize(router.match(Method::Get, "/api/v1/movement/all"));
}
BENCHMARK(BM_RouterMatchLiteral);

void BM_RouterMatchParam(benchmark::State& state) {
    const auto router = contract_router();
    for (auto _ : state) {
        benchmark::DoNotOptimize(router.match(
            Method::Get, "/api/v1/movement/budget-subtype/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
    }
}
BENCHMARK(BM_RouterMatchParam);

void BM_RouterMiss(benchmark::State& state) {
    const auto router = contract_router();
    for (auto _ : state) benchmark::DoNotOptimize(router.match(Method::Get, "/api/v1/nothing/here"));
}
BENCHMARK(BM_RouterMiss);

const char* kMovement =
    R"({"id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","movementType":"DEBIT","documentNumber":"FT 2026/1042",
"dateOfEmission":"2026-11-20","dateOfPayment":"2026-11-24","valueWithoutIva":1250.50,"ivaRate":23,"ivaValue":287.62,
"totalValue":1538.12,"status":"SUCCEEDED","description":"Quarterly licence renewal for the design team",
"budgetTypeId":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001","budgetSubtypeId":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0002",
"supplierId":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0003","invoiceId":null,"version":3})";

void BM_JsonParseMovement(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(kMovement));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * std::strlen(kMovement)));
}
BENCHMARK(BM_JsonParseMovement);

void BM_JsonSerializeMovement(benchmark::State& state) {
    const auto value = boost::json::parse(kMovement);
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::serialize(value));
}
BENCHMARK(BM_JsonSerializeMovement);

void BM_MoneyParse(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(bh::Money::parse("1538.12"));
}
BENCHMARK(BM_MoneyParse);

void BM_MoneyFromJsonDouble(benchmark::State& state) {
    double v = 1538.12;
    for (auto _ : state) {
        benchmark::DoNotOptimize(bh::Money::from_double(v));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_MoneyFromJsonDouble);

void BM_MoneyFormat(benchmark::State& state) {
    const auto m = bh::Money::from_cents(153812);
    for (auto _ : state) benchmark::DoNotOptimize(m.to_string());
}
BENCHMARK(BM_MoneyFormat);

}  // namespace
