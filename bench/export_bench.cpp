// Export of N movements (default 1,000,000): time and peak RSS above idle of ExportGenerator::write
// (server-side cursor -> libxlsxwriter constant-memory workbook). Run through bench/export_1m.sh.
//
//   PG_URL=postgresql://... [EXPORT_KEEP=out.xlsx] bh_export_bench [rows] [batch_rows] [levels] [rounds]
//   levels: deflate levels to compare, comma-separated ("1,6"); each is run `rounds` times, interleaved.
//
// Makes a scratch database with the budget migrations, fills it with generate_series (not timed),
// resets the kernel's peak-RSS mark (/proc/self/clear_refs 5), exports to a temporary file, and
// prints one JSON line: rows, seconds, peak RSS above idle (MiB), file size, rows per second.
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/uuid.h"
#include "db/admin.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "services/budget/budget_service.h"
#include "services/budget/export/export_generator.h"

namespace asio = boost::asio;
using namespace bh;

namespace {

template <class T>
T run(asio::io_context& io, asio::awaitable<T> task) {
    auto future = asio::co_spawn(io, std::move(task), asio::use_future);
    io.run();
    io.restart();
    return future.get();
}

long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
    }
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    const char* url = std::getenv("PG_URL");
    if (url == nullptr) {
        std::cerr << "PG_URL is not set\n";
        return 2;
    }
    const long rows = argc > 1 ? std::stol(argv[1]) : 1'000'000;
    const long batch = argc > 2 ? std::stol(argv[2]) : 2000;
    std::vector<int> levels;  // deflate levels, "1,6"
    for (std::string list = argc > 3 ? argv[3] : "1"; !list.empty();) {
        const auto comma = list.find(',');
        levels.push_back(std::stoi(list.substr(0, comma)));
        list = comma == std::string::npos ? "" : list.substr(comma + 1);
    }
    const int rounds = argc > 4 ? std::stoi(argv[4]) : 1;
    db::ConnectOptions server;
    server.url = url;
    const std::string name = "bh_export_bench_" + Uuid::v7().to_string().substr(24);
    db::ConnectOptions database = server;
    database.database = name;
    const auto file = std::filesystem::temp_directory_path() / (name + ".xlsx");

    asio::io_context io;
    run(io, db::ensure_database(io.get_executor(), server, name));
    int code = 0;
    try {
        db::PoolOptions options;
        options.connect = database;
        options.size = 2;
        db::Pool pool(io.get_executor(), options);
        run(io, [&]() -> asio::awaitable<void> {
            co_await db::migrate(pool, "budget", budget::migrations());
            auto lease = co_await pool.acquire();
            co_await lease->execute_script(
                "SET statement_timeout = 0;"
                "INSERT INTO budget_types (id, name, description, allocated) VALUES "
                "('00000000-0000-7000-8000-000000000001', 'Marketing', 'm', 1000000000);"
                "INSERT INTO suppliers (id, company_name, responsible_name, nif) VALUES "
                "('00000000-0000-7000-8000-000000000003', 'ACME, Lda', 'Ana', '123456789');"
                "INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, "
                "value_without_iva, iva_rate, iva_value, total_value, supplier_id, budget_type_id) "
                "SELECT gen_random_uuid(), 'DEBIT', 'SUCCEEDED', 'DOC-' || g, DATE '2024-01-01' + (g % 366), "
                "'Movement number ' || g, (g % 100000) / 100.0 + 1, 23, round(((g % 100000) / 100.0 + 1) * "
                "0.23, 2), "
                "(g % 100000) / 100.0 + 1 + round(((g % 100000) / 100.0 + 1) * 0.23, 2), "
                "'00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001' "
                "FROM generate_series(1, " +
                    std::to_string(rows) + ") AS g; ANALYZE movements;",
                std::chrono::minutes(10));
        }());

        asio::thread_pool blocking{1};
        const budget::ExportProgress progress = [](std::int64_t, std::int64_t) -> asio::awaitable<bool> {
            co_return true;
        };
        // Each level `rounds` times, interleaved, on the same rows: the levels' figures share a run.
        for (int round = 0; round < rounds; ++round) {
            for (const int compression : levels) {
                budget::ExportGeneratorOptions generator_options;
                generator_options.batch_rows = batch;
                generator_options.compression = compression;
                budget::ExportGenerator generator(pool, blocking, generator_options);
                std::ofstream("/proc/self/clear_refs") << "5";  // VmHWM := VmRSS
                const long idle_kib = status_kib("VmRSS:");
                const auto started = std::chrono::steady_clock::now();
                const auto written = run(io, generator.write({}, file, progress));
                const double seconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                const long peak_kib = status_kib("VmHWM:");
                std::printf(
                    "{\"rows\":%lld,\"batch\":%ld,\"compression\":%d,\"round\":%d,\"seconds\":%.2f,"
                    "\"rows_per_second\":%.0f,\"idle_rss_mib\":%.1f,\"peak_rss_above_idle_mib\":%.1f,"
                    "\"file_mib\":%.1f}\n",
                    static_cast<long long>(written), batch, compression, round + 1, seconds,
                    static_cast<double>(written) / seconds, static_cast<double>(idle_kib) / 1024,
                    static_cast<double>(peak_kib - idle_kib) / 1024,
                    static_cast<double>(std::filesystem::file_size(file)) / (1 << 20));
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& error) {
        std::cerr << "export bench failed: " << error.what() << "\n";
        code = 1;
    }
    if (const char* keep = std::getenv("EXPORT_KEEP"); keep != nullptr && *keep != '\0') {
        std::filesystem::rename(file, keep);  // to look at the workbook
    } else {
        std::filesystem::remove(file);
    }
    run(io, db::drop_database(io.get_executor(), server, name));
    return code;
}
