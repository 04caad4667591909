// Invoices against real servers: PostgreSQL (PG_URL, the budget migrations) and the stack's S3
// (versitygw: S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION) for the attached files.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/thread_pool.hpp>

#include "core/error.h"
#include "db/itest_support.h"
#include "db/migrations.h"
#include "services/budget/budget_service.h"
#include "services/budget/invoices/invoice_files.h"
#include "services/budget/invoices/invoice_store.h"
#include "storage/s3_store.h"

namespace bh::budget {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using db::testing::DbTest;
using db::testing::run;
using namespace std::chrono_literals;

const Uuid kMovement = *Uuid::parse("00000000-0000-7000-8000-0000000000a1");
const Uuid kOtherMovement = *Uuid::parse("00000000-0000-7000-8000-0000000000a2");
const std::string kPdf = std::string("%PDF-1.7\n") + std::string(5000, '\x01') + "%%EOF";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(100, '\x02');

storage::S3Options s3_options() {
    storage::S3Options options;
    options.endpoint = bh::testing::require_env("S3_ENDPOINT");
    options.region = bh::testing::require_env("S3_REGION");
    options.access_key = bh::testing::require_env("S3_ACCESS_KEY");
    options.secret_key = bh::testing::require_env("S3_SECRET_KEY");
    std::string bucket = bh::testing::unique_name("bh-invoices");
    std::replace(bucket.begin(), bucket.end(), '_', '-');
    options.bucket = bucket;
    return options;
}

InvoiceInput input(std::string description) {
    InvoiceInput in;
    in.date_of_emission = std::chrono::year{2024} / 11 / 10;
    in.description = std::move(description);
    return in;
}

template <class Task>
std::string error_code(asio::io_context& io, Task task) {
    try {
        run(io, std::move(task));
    } catch (const AppError& error) {
        return error.code();
    }
    return "no error";
}

class InvoiceTest : public DbTest {
  protected:
    static void SetUpTestSuite() {
        DbTest::SetUpTestSuite();
        asio::io_context io;
        db::Pool pool(io.get_executor(), database().pool_options(1));
        run(io, [&]() -> awaitable<void> {
            co_await db::migrate(pool, "budget", migrations());
            auto lease = co_await pool.acquire();
            co_await lease->execute_script(
                "INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, "
                "value_without_iva, iva_rate, iva_value, total_value) VALUES "
                "('00000000-0000-7000-8000-0000000000a1', 'DEBIT', 'ACCEPTED', 'FT 2024/17', '2024-11-10', "
                "'Ads', "
                "100, 23, 23, 123),"
                "('00000000-0000-7000-8000-0000000000a2', 'DEBIT', 'ACCEPTED', 'FT 2024/18', '2024-11-10', "
                "'Ads', "
                "100, 23, 23, 123)");
        }());
    }

    void SetUp() override { run(io, objects_.ensure_ready()); }

    awaitable<void> clear_links() {
        auto lease = co_await pool_.acquire();
        co_await lease->query("UPDATE invoices SET movement_id = NULL");
    }

    db::Pool pool_{io.get_executor(), database().pool_options(2)};
    asio::thread_pool blocking_{2};
    storage::S3Store objects_{s3_options(), blocking_};
    InvoiceStore invoices_{pool_};
    InvoiceFiles files_{invoices_, objects_, std::size_t{64} * 1024};
};

TEST_F(InvoiceTest, CreateLinksOneInvoicePerMovement) {
    run(io, clear_links());
    InvoiceInput linked = input("by id");
    linked.movement_id = kMovement;
    const auto first = run(io, invoices_.create(linked, "user-1"));
    EXPECT_EQ(first.movement_id, kMovement);
    EXPECT_EQ(first.version, 0);
    // The seed overwrote the link; a second invoice on the same movement is a conflict.
    EXPECT_EQ(error_code(io, invoices_.create(linked, "user-1")), kInvoiceAlreadyExists);

    InvoiceInput by_number = input("by document number");
    by_number.movement_document_number = "FT 2024/18";
    EXPECT_EQ(run(io, invoices_.create(by_number, "user-1")).movement_id, kOtherMovement);

    InvoiceInput unknown = input("unknown");
    unknown.movement_id = Uuid::v7();
    EXPECT_EQ(error_code(io, invoices_.create(unknown, "u")), "MOVEMENT_NOT_FOUND");
    InvoiceInput unknown_number = input("unknown number");
    unknown_number.movement_document_number = "nope";
    EXPECT_EQ(error_code(io, invoices_.create(unknown_number, "u")), kDocumentNumberNotFound);
    EXPECT_EQ(run(io, invoices_.create(input("no link"), "u")).movement_id, std::nullopt);
}

TEST_F(InvoiceTest, UpdateChecksVersionAndExistence) {
    run(io, clear_links());
    const auto created = run(io, invoices_.create(input("v0"), "u"));
    InvoiceUpdate update{created.id, 0, input("v1")};
    update.input.stripe_receipt_url = "https://pay.stripe.com/receipts/x";
    const auto updated = run(io, invoices_.update(update));
    EXPECT_EQ(updated.version, 1);
    EXPECT_EQ(updated.description, "v1");
    EXPECT_EQ(updated.stripe_receipt_url, "https://pay.stripe.com/receipts/x");
    EXPECT_EQ(error_code(io, invoices_.update(update)), errc::kOptimisticLock);  // version 0 is stale
    update.id = Uuid::v7();
    EXPECT_EQ(error_code(io, invoices_.update(update)), kInvoiceNotFound);
}

TEST_F(InvoiceTest, AttachReplaceAndDeleteFiles) {
    const auto invoice = run(io, invoices_.create(input("with file"), "u"));
    const auto pdf = run(io, files_.attach(invoice.id, kPdf));
    EXPECT_EQ(pdf.content_type, "application/pdf");
    EXPECT_TRUE(pdf.key.ends_with(".pdf"));
    auto stored = run(io, invoices_.find(invoice.id));
    ASSERT_TRUE(stored && stored->file);
    EXPECT_EQ(stored->file->key, pdf.key);
    EXPECT_EQ(stored->file->size, static_cast<std::int64_t>(kPdf.size()));
    EXPECT_EQ(run(io, files_.read(*stored)), kPdf);

    // Replacing stores the new file, then removes the old object.
    const auto png = run(io, files_.attach(invoice.id, kPng));
    EXPECT_EQ(png.content_type, "image/png");
    EXPECT_EQ(run(io, objects_.get(png.key, 1 << 20)), kPng);
    EXPECT_EQ(error_code(io, objects_.get(pdf.key, 1 << 20)), storage::kObjectNotFound);

    // Deleting the invoice removes its file.
    run(io, files_.delete_invoice(invoice.id));
    EXPECT_FALSE(run(io, invoices_.find(invoice.id)).has_value());
    EXPECT_EQ(error_code(io, objects_.get(png.key, 1 << 20)), storage::kObjectNotFound);
    EXPECT_EQ(error_code(io, files_.delete_invoice(invoice.id)), kInvoiceNotFound);
}

TEST_F(InvoiceTest, RejectsBadUploads) {
    const auto invoice = run(io, invoices_.create(input("uploads"), "u"));
    EXPECT_EQ(error_code(io, files_.attach(invoice.id, "GIF89a....")), "UNSUPPORTED_FILE_TYPE");
    EXPECT_EQ(error_code(io, files_.attach(invoice.id, "")), "EMPTY_FILE");
    EXPECT_EQ(error_code(io, files_.attach(invoice.id, "%PDF-" + std::string(std::size_t{64} * 1024, 'x'))),
              "MAX_UPLOAD_SIZE_EXCEEDED");
    EXPECT_EQ(error_code(io, files_.attach(Uuid::v7(), kPdf)), kInvoiceNotFound);
    EXPECT_FALSE(run(io, invoices_.find(invoice.id))->file.has_value());
}

TEST_F(InvoiceTest, DeletingTheMovementKeepsTheInvoice) {
    run(io, clear_links());
    InvoiceInput linked = input("linked");
    linked.movement_id = kOtherMovement;
    const auto invoice = run(io, invoices_.create(linked, "u"));
    run(io, [&]() -> awaitable<void> {
        auto lease = co_await pool_.acquire();
        co_await lease->query("BEGIN");
        co_await lease->query("DELETE FROM movements WHERE id = $1", db::Params{kOtherMovement});
        const auto still =
            co_await lease->query("SELECT movement_id FROM invoices WHERE id = $1", db::Params{invoice.id});
        EXPECT_TRUE(still.one().is_null(0));
        co_await lease->query("ROLLBACK");
    }());
}

TEST_F(InvoiceTest, ListPages) {
    // Its own rows: ctest runs every test in a fresh database.
    run(io, invoices_.create(input("page one"), "u"));
    run(io, invoices_.create(input("page two"), "u"));
    run(io, invoices_.create(input("page three"), "u"));
    const auto page = PageRequest{.page = 0, .size = 2, .sort = {{.field = "id", .descending = true}}};
    const auto listed = run(io, invoices_.list(page));
    EXPECT_GE(listed.total, 2);
    ASSERT_EQ(listed.items.size(), 2u);
    EXPECT_GT(listed.items[0].id, listed.items[1].id);
}

}  // namespace
}  // namespace bh::budget
