#include "services/budget/invoices/invoice_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "http/json_body.h"
#include "http/multipart.h"
#include "http/paging.h"
#include "http/path_params.h"
#include "services/budget/invoices/base64.h"
#include "services/budget/invoices/invoice_codec.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

class InvoiceHandlers {
  public:
    explicit InvoiceHandlers(const InvoiceRoutesDeps& deps) : deps_(deps) {}

    asio::awaitable<Response> create(Request& request, const identity::Principal& principal) {
        const InvoiceInput input = read_invoice(http::parse_json_object(request.body));
        const InvoiceRecord created = co_await deps_.invoices.create(input, principal.user_id);
        co_return Response::json(200, co_await with_movement(created));
    }

    asio::awaitable<Response> update(Request& request, const identity::Principal&) {
        const InvoiceUpdate input = read_invoice_update(http::parse_json_object(request.body));
        const InvoiceRecord updated = co_await deps_.invoices.update(input);
        co_return Response::json(200, co_await with_movement(updated));
    }

    asio::awaitable<Response> remove(Request& request, const identity::Principal&) {
        co_await deps_.files.delete_invoice(http::path_uuid(request, "id"));
        co_return Response::no_content();
    }

    asio::awaitable<Response> get(Request& request, const identity::Principal&) {
        const Uuid id = http::path_uuid(request, "id");
        const auto invoice = co_await deps_.invoices.find(id);
        if (!invoice) throw invoice_not_found(id);
        const auto bytes = co_await deps_.files.read(*invoice);
        std::optional<std::string> encoded;
        if (bytes) encoded = base64_encode(*bytes);
        co_return Response::json(200, co_await with_movement(*invoice, encoded));
    }

    asio::awaitable<Response> all(Request& request, const identity::Principal&) {
        const auto page = http::parse_page_request(request, invoice_listing().rules());
        const auto result = co_await deps_.invoices.list(page);
        std::vector<Uuid> linked;
        for (const auto& invoice : result.items) {
            if (invoice.movement_id) linked.push_back(*invoice.movement_id);
        }
        const auto movements = co_await deps_.movements.by_ids(linked);
        json::array content;
        for (const auto& invoice : result.items)
            content.push_back(to_json(invoice, find(movements, invoice)));
        co_return Response::json(200, http::page_body(page, result.total, std::move(content),
                                                      result.total_capped, result.next_cursor));
    }

    asio::awaitable<Response> file(Request& request, const identity::Principal&) {
        const Uuid id = http::path_uuid(request, "id");
        const auto invoice = co_await deps_.invoices.find(id);
        if (!invoice) throw invoice_not_found(id);
        auto bytes = co_await deps_.files.read(*invoice);
        if (!bytes)
            throw not_found("Invoice " + id.to_string() + " has no file attached", "INVOICE_FILE_NOT_FOUND");
        Response response = Response::text(200, std::move(*bytes), invoice->file->content_type);
        const auto name = invoice->file->key.substr(invoice->file->key.rfind('/') + 1);
        response.with_header("content-disposition", "attachment; filename=\"" + name + "\"");
        response.with_header("x-content-type-options", "nosniff");
        co_return response;
    }

    // The seed's portal route took a multipart upload and base64-encoded it itself; we take either a
    // JSON body {"file": "<base64>"} (also "base64File", the seed's Kafka field) or the multipart
    // form, so both the contract's shape and the seed's clients work.
    asio::awaitable<Response> attach_base64(Request& request, const identity::Principal&) {
        const Uuid id = http::path_uuid(request, "invoiceId");
        if (http::multipart_boundary(request.header("content-type"))) {
            co_await deps_.files.attach(id, multipart_file(request));
            co_return Response::no_content();
        }
        const json::object body = http::parse_json_object(request.body);
        const json::value* field = body.if_contains("file");
        std::string name = "file";
        if (field == nullptr) {
            field = body.if_contains("base64File");
            name = "base64File";
        }
        if (field == nullptr || !field->is_string()) {
            throw bad_request("A base64 file is required")
                .with_fields({{"file", "is required (base64 string)"}});
        }
        const auto& text = field->get_string();
        // Decoded size is about 3/4 of the text: refuse early without decoding a huge string.
        if (text.size() / 4 * 3 > deps_.files.max_file_bytes() + 3)
            throw upload_too_large(deps_.files.max_file_bytes());
        auto bytes = base64_decode(std::string_view(text.data(), text.size()));
        if (!bytes)
            throw bad_request("The file is not valid base64").with_fields({{name, "must be valid base64"}});
        co_await deps_.files.attach(id, std::move(*bytes));
        co_return Response::no_content();
    }

    asio::awaitable<Response> attach_multipart(Request& request, const identity::Principal&) {
        const Uuid id = http::path_uuid(request, "invoiceId");
        co_await deps_.files.attach(id, multipart_file(request));
        co_return Response::no_content();
    }

  private:
    static const MovementRecord* find(const std::vector<MovementRecord>& movements,
                                      const InvoiceRecord& invoice) {
        for (const auto& movement : movements) {
            if (invoice.movement_id && movement.id == *invoice.movement_id) return &movement;
        }
        return nullptr;
    }

    // The invoice's JSON with its linked movement nested (seed-spec §3.5).
    asio::awaitable<json::object> with_movement(const InvoiceRecord& invoice,
                                                const std::optional<std::string>& file_base64 = {}) {
        std::vector<MovementRecord> movements;
        if (invoice.movement_id) {
            const std::vector<Uuid> ids{
                *invoice.movement_id};  // named: g++ 12 (docs/dev/gcc12-coroutines.md)
            movements = co_await deps_.movements.by_ids(ids);
        }
        co_return to_json(invoice, find(movements, invoice), file_base64);
    }

    std::string multipart_file(const Request& request) const {
        const auto boundary = http::multipart_boundary(request.header("content-type"));
        if (!boundary) {
            throw bad_request("Expected a multipart/form-data body with a boundary")
                .with_fields({{"file", "must be sent as multipart/form-data"}});
        }
        const auto parts = http::parse_multipart(
            request.body, *boundary, {.max_parts = 8, .max_part_bytes = deps_.files.max_file_bytes()});
        const http::MultipartPart* part = http::find_part(parts, "file");
        if (part == nullptr)
            throw bad_request("The part 'file' is missing").with_fields({{"file", "is required"}});
        return std::string(part->body);
    }

    InvoiceRoutesDeps deps_;
};

}  // namespace

void register_invoice_routes(identity::SecuredRoutes& routes, const InvoiceRoutesDeps& deps) {
    auto handlers = std::make_shared<InvoiceHandlers>(deps);
    auto bind = [handlers](asio::awaitable<Response> (InvoiceHandlers::*member)(Request&,
                                                                                const identity::Principal&)) {
        return [handlers, member](Request& request, const identity::Principal& caller) {
            return ((*handlers).*member)(request, caller);
        };
    };
    routes.add(Method::Post, "/api/v1/invoice/create", bind(&InvoiceHandlers::create));
    routes.add(Method::Put, "/api/v1/invoice/update", bind(&InvoiceHandlers::update));
    routes.add(Method::Delete, "/api/v1/invoice/{id}", bind(&InvoiceHandlers::remove));
    routes.add(Method::Get, "/api/v1/invoice/{id}", bind(&InvoiceHandlers::get));
    routes.add(Method::Get, "/api/v1/invoice/all", bind(&InvoiceHandlers::all));
    routes.add(Method::Get, "/api/v1/invoice/{id}/file", bind(&InvoiceHandlers::file));
    routes.add(Method::Post, "/api/v1/invoice/attach-base64-file/{invoiceId}",
               bind(&InvoiceHandlers::attach_base64));
    routes.add(Method::Post, "/api/v1/invoice/attach-multipart-file/{invoiceId}",
               bind(&InvoiceHandlers::attach_multipart));
}

}  // namespace bh::budget
