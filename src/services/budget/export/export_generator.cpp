#include "services/budget/export/export_generator.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <memory>
#include <tuple>
#include <vector>

#include "core/error.h"
#include "db/transaction.h"
#include "runtime/offload.h"
#include "services/budget/export/export_row.h"
#include "services/budget/export/export_workbook.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

ExportRow read_row(const db::Row& row) {
    ExportRow out;
    out.id = row.get<std::string>(0);
    out.kind = row.get<std::string>(1);
    out.date_of_emission = row.get<std::chrono::year_month_day>(2);
    out.description = row.get<std::string>(3);
    out.value_without_iva = row.get<Money>(4);
    out.iva_value = row.get<Money>(5);
    out.iva_rate = row.get<Money>(6);
    out.total_value = row.get<Money>(7);
    out.status = row.get<std::string>(8);
    out.supplier = row.get<std::optional<std::string>>(9);
    out.budget_subtype = row.get<std::optional<std::string>>(10);
    out.budget_type = row.get<std::optional<std::string>>(11);
    out.document_number = row.get<std::string>(12);
    out.invoice_description = row.get<std::optional<std::string>>(13);
    return out;
}

}  // namespace

std::string export_select_sql(const db::Where& where) {
    return "SELECT m.id, m.kind, m.date_of_emission, m.description, m.value_without_iva, m.iva_value, "
           "m.iva_rate, "
           "m.total_value, m.status, s.company_name, st.name, bt.name, m.document_number, i.description "
           "FROM movements m "
           "LEFT JOIN suppliers s ON s.id = m.supplier_id "
           "LEFT JOIN budget_subtypes st ON st.id = m.budget_subtype_id "
           "LEFT JOIN budget_types bt ON bt.id = m.budget_type_id "
           "LEFT JOIN invoices i ON i.movement_id = m.id" +
           where.sql() + " ORDER BY m.date_of_emission, m.id";
}

asio::awaitable<std::int64_t> ExportGenerator::write(const ExportFilter& filter,
                                                     const std::filesystem::path& file,
                                                     const ExportProgress& progress) {
    auto lease = co_await pool_.acquire();
    auto tx = co_await db::Transaction::begin(lease, db::Isolation::RepeatableRead);
    co_await tx->query("SET TRANSACTION READ ONLY");
    const db::Params no_params;  // named: g++ 12 and braced temporaries in awaited calls
    const db::Where where = export_where(filter);
    // Counted in the cursor's snapshot, so the total is exactly what the cursor will return.
    const db::Result counted = co_await tx->query("SELECT count(*) FROM movements m" + where.sql(),
                                                  where.params(), options_.fetch_timeout);
    const auto total = counted[0].get<std::int64_t>(0);
    if (total > options_.max_rows) {
        throw bad_request("The report would have " + std::to_string(total) +
                              " movements; an Excel sheet holds " + std::to_string(options_.max_rows) +
                              " below its header. Choose a shorter period.",
                          kExportTooLarge);
    }
    if (!co_await progress(0, total)) throw unavailable("export interrupted");
    auto make_workbook = [file, total, compression = options_.compression] {
        return std::make_shared<ExportWorkbook>(file, total, compression);
    };
    std::shared_ptr<ExportWorkbook> workbook =
        co_await runtime::offload<std::shared_ptr<ExportWorkbook>>(blocking_, std::move(make_workbook));
    // A cursor declared over the extended protocol takes parameters like any query.
    co_await tx->query("DECLARE bh_export NO SCROLL CURSOR FOR " + export_select_sql(where), where.params(),
                       options_.fetch_timeout);
    const std::string fetch = "FETCH FORWARD " + std::to_string(options_.batch_rows) + " FROM bh_export";
    // Pipelined: while the blocking pool writes batch n, the next FETCH is already on the wire.
    std::int64_t written = 0;
    db::Result batch = co_await tx->query(fetch, no_params, options_.fetch_timeout);
    while (!batch.empty()) {
        auto rows = std::make_shared<std::vector<ExportRow>>();
        rows->reserve(batch.size());
        for (const db::Row& row : batch) rows->push_back(read_row(row));
        const bool last = batch.size() < static_cast<std::size_t>(options_.batch_rows);
        auto add = [workbook, rows] {
            workbook->add_rows(*rows);
            return workbook->rows_written();
        };
        if (last) {
            written = co_await runtime::offload<std::int64_t>(blocking_, std::move(add));
            batch = db::Result{};
        } else {
            auto both = co_await (runtime::offload<std::int64_t>(blocking_, std::move(add)) &&
                                  tx->query(fetch, no_params, options_.fetch_timeout));
            written = std::get<0>(both);
            batch = std::move(std::get<1>(both));
        }
        const bool go_on = co_await progress(written, total);
        if (!go_on) throw unavailable("export interrupted");
    }
    co_await tx.commit();
    lease.release();

    auto finish = [workbook] { return workbook->finish(); };
    co_return co_await runtime::offload<std::int64_t>(blocking_, std::move(finish));
}

}  // namespace bh::budget
