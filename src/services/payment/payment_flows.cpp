// The payment use cases: see payment_flows.h.
//
// Creating a payment, in order (each step survives a crash of the one after it):
//   1. the payment row (CREATED) is committed, with the caller's Idempotency-Key if any;
//   2. the budget service reserves the amount (request/reply, idempotent on the payment id) and
//      answers what to charge; a refusal marks the payment FAILED (nothing was reserved);
//   3. Stripe creates the intent or session with the idempotency key "intent-<payment id>";
//      a definite refusal marks the payment FAILED (its payment.updated releases the reservation);
//      Stripe unreachable leaves it CREATED: the same command again resumes at step 2 without paying
//      or reserving twice, and payment.reservation_ttl releases it if nobody does.
//   4. the Stripe ids and status are committed with the payment.updated event.
#include "services/payment/payment_flows.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "core/json_text.h"
#include "db/sql_error.h"
#include "db/time_text.h"
#include "db/transaction.h"
#include "services/payment/payment_events.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using std::string;

constexpr const char* kPaymentNotFound = "PAYMENT_NOT_FOUND";

AppError payment_not_found(std::string_view what) {
    return not_found("Payment not found: " + string(what), kPaymentNotFound);
}

// A refusal the caller can act on (a bad request, a decline) as opposed to Stripe or the budget
// service being out of reach, after which the command may simply be sent again.
bool is_definite_refusal(const AppError& e) {
    return e.kind() == ErrorKind::BadRequest || e.kind() == ErrorKind::NotFound ||
           e.kind() == ErrorKind::Conflict;
}

string items_json(const std::vector<PaymentItem>& items) {
    json::array out;
    for (const auto& item : items) {
        out.push_back(json::object{
            {"id", item.name},
            {"amount", money_json(item.amount)},
            {"budgetTypeId", item.budget_type_id ? json::value(json::string(item.budget_type_id->to_string()))
                                                 : json::value(nullptr)},
            {"budgetSubtypeId", item.budget_subtype_id
                                    ? json::value(json::string(item.budget_subtype_id->to_string()))
                                    : json::value(nullptr)},
            {"supplierId", item.supplier_id.to_string()},
            {"ivaRate", money_json(Money::from_cents(item.iva_rate_basis_points))},
        });
    }
    return json_text(out);
}

string today(const Clock& clock) {
    const auto days = std::chrono::floor<std::chrono::days>(clock.now());
    return db::format_date(std::chrono::year_month_day{days});
}

std::map<string, string> stripe_metadata(const PaymentRecord& payment) {
    return {{"payment_id", payment.id.to_string()}, {"user_id", payment.user_id.to_string()}};
}

}  // namespace

PaymentFlows::PaymentFlows(PoolSource pool, PaymentProvider* provider, BudgetReservations& reservations,
                           const PaymentSettings& settings, const Clock& clock)
    : pool_source_(std::move(pool)),
      provider_(provider),
      reservations_(reservations),
      settings_(settings),
      clock_(clock) {}

PaymentProvider& PaymentFlows::provider() {
    if (provider_ == nullptr) {
        throw AppError(ErrorKind::Unavailable, "STRIPE_NOT_CONFIGURED",
                       "Payments are not configured on this server (no Stripe key).");
    }
    return *provider_;
}

asio::awaitable<PaymentRecord> PaymentFlows::create_intent(Caller caller, PaymentOrder order) {
    provider();
    auto payment = co_await start(caller, order, "INTENT");
    if (payment.stripe_intent_id || is_final(payment.status)) co_return payment;  // a repeat
    payment = co_await reserve(std::move(payment));
    co_return co_await open_intent(std::move(payment), order);
}

asio::awaitable<PaymentRecord> PaymentFlows::create_session(Caller caller, PaymentOrder order) {
    provider();
    auto payment = co_await start(caller, order, "CHECKOUT");
    if (payment.stripe_session_id || is_final(payment.status)) co_return payment;
    payment = co_await reserve(std::move(payment));
    co_return co_await open_session(std::move(payment), order);
}

// Step 1: the row, or the one an earlier attempt with the same Idempotency-Key left.
asio::awaitable<PaymentRecord> PaymentFlows::start(const Caller& caller, const PaymentOrder& order,
                                                   string kind) {
    if (order.request_key) {
        auto existing = co_await repository::find_by_request_key(pool(), caller.user_id, *order.request_key);
        if (existing) {
            if (existing->kind != kind) {
                throw conflict("This Idempotency-Key was already used for another kind of payment.",
                               "IDEMPOTENCY_KEY_REUSED");
            }
            // As Stripe: a key names one command; the same key with other details is a mistake, not
            // a retry (answering the earlier payment would hide that this one was never made).
            const bool same = existing->description == order.description &&
                              existing->currency == order.currency &&
                              existing->payment_method_id == order.payment_method_id &&
                              json::parse(existing->items_json) == json::parse(items_json(order.items));
            if (!same) {
                throw conflict(
                    "This Idempotency-Key was already used for a payment with other details; use a new "
                    "key for a new payment.",
                    "IDEMPOTENCY_KEY_REUSED");
            }
            co_return *existing;
        }
    }
    PaymentRecord payment;
    payment.id = Uuid::v7(clock_);
    payment.kind = std::move(kind);
    payment.user_id = caller.user_id;
    payment.user_email = caller.email;
    payment.request_key = order.request_key;
    payment.description = order.description;
    payment.currency = order.currency;
    payment.items_json = items_json(order.items);
    payment.payment_method_id = order.payment_method_id;
    bool raced = false;
    try {
        auto work = [&payment](db::Transaction& tx) -> asio::awaitable<void> {
            co_await repository::insert(tx, payment, "created by the user");
        };
        co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    } catch (const db::DbError& e) {
        if (!e.is_unique_violation() || !order.request_key) throw;
        raced = true;
    }
    if (raced) {
        // The same key sent twice at once: the other request's row wins.
        auto existing = co_await repository::find_by_request_key(pool(), caller.user_id, *order.request_key);
        if (!existing)
            throw conflict("This Idempotency-Key is being used right now.", "IDEMPOTENCY_KEY_REUSED");
        co_return *existing;
    }
    co_return payment;
}

// Step 2.
asio::awaitable<PaymentRecord> PaymentFlows::reserve(PaymentRecord payment) {
    if (payment.reserved) co_return payment;
    ReservationRequest request{payment.id, payment.description, payment.user_id, today(clock_), {}};
    // The lines come from the stored items, so a resumed payment reserves exactly what was asked.
    const auto stored = json::parse(payment.items_json).as_array();
    std::vector<PaymentItem> items;
    for (const auto& value : stored) {
        const auto& item = value.as_object();
        PaymentItem parsed;
        parsed.amount = *Money::parse(item.at("amount").is_string() ? string(item.at("amount").as_string())
                                                                    : json_text(item.at("amount")));
        if (!item.at("budgetTypeId").is_null())
            parsed.budget_type_id = Uuid::parse(item.at("budgetTypeId").as_string());
        if (!item.at("budgetSubtypeId").is_null())
            parsed.budget_subtype_id = Uuid::parse(item.at("budgetSubtypeId").as_string());
        parsed.supplier_id = *Uuid::parse(item.at("supplierId").as_string());
        parsed.iva_rate_basis_points = Money::parse(json_text(item.at("ivaRate")))->cents();
        items.push_back(std::move(parsed));
    }
    request.lines = reservation_lines(items);
    std::optional<Reservation> reservation;
    std::optional<AppError> refusal;
    try {
        reservation = co_await reservations_.reserve(request);
    } catch (const AppError& e) {
        if (!is_definite_refusal(e)) throw;  // 503/504: the same command again resumes here
        refusal = e;
    }
    if (refusal) {
        co_await fail(payment, "budget refused", refusal->public_message());
        throw *refusal;
    }
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, payment.id);
        if (!locked) throw payment_not_found(payment.id.to_string());
        locked->amount = reservation->total;
        locked->reserved = true;
        co_await repository::save_fields(tx, *locked);
        payment = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return payment;
}

asio::awaitable<PaymentRecord> PaymentFlows::fail(const PaymentRecord& payment, string cause, string detail) {
    PaymentRecord result = payment;
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, payment.id);
        if (!locked || is_final(locked->status)) co_return;
        const auto previous = locked->status;
        locked->status = PaymentStatus::Failed;
        locked->last_error = detail;
        co_await record_change(tx, *locked, previous, cause, detail, settings_.topic_prefix, clock_.now());
        result = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return result;
}

// Step 3 and 4 for an intent.
asio::awaitable<PaymentRecord> PaymentFlows::open_intent(PaymentRecord payment, const PaymentOrder& order) {
    std::optional<IntentView> intent;
    std::optional<AppError> refusal;
    try {
        auto customer =
            co_await provider().customer_for(payment.user_email, "customer-" + payment.id.to_string());
        payment.stripe_customer_id = customer;
        NewIntent request;
        request.amount = to_minor_units(*payment.amount);
        request.currency = payment.currency;
        request.customer = customer;
        request.payment_method = order.payment_method_id;
        request.description = payment.description;
        request.metadata = stripe_metadata(payment);
        intent = co_await provider().create_intent(std::move(request), "intent-" + payment.id.to_string());
    } catch (const AppError& e) {
        if (!is_definite_refusal(e)) throw;
        refusal = e;
    }
    if (refusal) {
        co_await fail(payment, "stripe refused the intent", refusal->public_message());
        throw *refusal;
    }
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, payment.id);
        if (!locked) throw payment_not_found(payment.id.to_string());
        const auto previous = locked->status;
        locked->stripe_customer_id = payment.stripe_customer_id;
        locked->stripe_intent_id = intent->id;
        const auto reported = from_stripe_intent(intent->status).value_or(locked->status);
        if (const auto next = reconcile(locked->status, reported)) locked->status = *next;
        co_await record_change(tx, *locked, previous, "stripe intent " + intent->id, std::nullopt,
                               settings_.topic_prefix, clock_.now());
        payment = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return payment;
}

// Step 3 and 4 for a checkout session: one line per item, its IVA-inclusive price. The session's
// total is what the budget reserved: the line prices are the reserved lines' totals.
asio::awaitable<PaymentRecord> PaymentFlows::open_session(PaymentRecord payment, const PaymentOrder& order) {
    std::optional<SessionView> session;
    std::optional<AppError> refusal;
    try {
        auto customer =
            co_await provider().customer_for(payment.user_email, "customer-" + payment.id.to_string());
        payment.stripe_customer_id = customer;
        NewSession request;
        request.currency = payment.currency;
        request.customer = customer;
        request.description = payment.description;
        request.success_url = settings_.checkout_success_url;
        request.cancel_url = settings_.checkout_cancel_url;
        request.payment_method_types = settings_.checkout_method_types;
        request.metadata = stripe_metadata(payment);
        // One line for the whole reserved total: the IVA was rounded per reservation line by the
        // budget service, so per-item prices could differ from it by a cent.
        request.lines.push_back({order.description, to_minor_units(*payment.amount)});
        session = co_await provider().create_session(std::move(request), "session-" + payment.id.to_string());
    } catch (const AppError& e) {
        if (!is_definite_refusal(e)) throw;
        refusal = e;
    }
    if (refusal) {
        co_await fail(payment, "stripe refused the session", refusal->public_message());
        throw *refusal;
    }
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, payment.id);
        if (!locked) throw payment_not_found(payment.id.to_string());
        const auto previous = locked->status;
        locked->stripe_customer_id = payment.stripe_customer_id;
        locked->stripe_session_id = session->id;
        locked->checkout_url = session->url;
        // The session's intent is taken from checkout.session.completed: Stripe creates it only then
        // (older API versions and the doubles show one earlier, which may not be unique yet).
        co_await record_change(tx, *locked, previous, "stripe session " + session->id, std::nullopt,
                               settings_.topic_prefix, clock_.now());
        payment = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return payment;
}

asio::awaitable<PaymentRecord> PaymentFlows::visible_by_intent(const Caller& caller,
                                                               const string& intent_id) {
    auto found = co_await repository::find_by_intent(pool(), intent_id);
    // Someone else's payment is "not found" to a caller who may not see it: no probing by id.
    if (!found || (!caller.sees_all && found->user_id != caller.user_id)) throw payment_not_found(intent_id);
    co_return *found;
}

// Stripe's view of an intent applied to ours (Stripe is the truth), with the receipt of a success.
asio::awaitable<PaymentRecord> PaymentFlows::apply_intent(const Uuid& id, const IntentView& intent,
                                                          string cause) {
    std::optional<ChargeView> charge;
    if (intent.status == "succeeded" && intent.latest_charge) {
        try {
            charge = co_await provider().retrieve_charge(*intent.latest_charge);
        } catch (const AppError& e) {
            // The receipt waits for the charge webhook; the success itself is recorded now.
            spdlog::warn("payment {}: charge {} not read: {}", id.to_string(), *intent.latest_charge,
                         e.what());
        }
    }
    PaymentRecord result;
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, id);
        if (!locked) throw payment_not_found(id.to_string());
        const auto previous = locked->status;
        const auto reported = from_stripe_intent(intent.status);
        const auto next = reported ? reconcile(locked->status, *reported) : std::nullopt;
        if (intent.last_error) locked->last_error = intent.last_error;
        if (intent.latest_charge) locked->latest_charge_id = intent.latest_charge;
        if (charge && charge->receipt_url) locked->receipt_url = charge->receipt_url;
        if (next) {
            locked->status = *next;
            co_await record_change(tx, *locked, previous, cause, intent.last_error, settings_.topic_prefix,
                                   clock_.now());
        } else {
            co_await repository::save_fields(tx, *locked);
        }
        if (is_paid(locked->status) && charge && charge->receipt_url && charge->status == "succeeded") {
            co_await request_receipt(tx, *locked, charge->id, *charge->receipt_url, *locked->amount,
                                     locked->description, settings_.topic_prefix);
        }
        result = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return result;
}

asio::awaitable<PaymentRecord> PaymentFlows::confirm(Caller caller, ConfirmCommand command) {
    auto& stripe = provider();
    auto payment = co_await visible_by_intent(caller, command.intent_id);
    if (payment.status == PaymentStatus::Processing || is_paid(payment.status))
        co_return payment;  // a repeat
    if (!can_confirm(payment.status)) {
        throw conflict("The payment cannot be confirmed: it is " + string(to_string(payment.status)) + ".",
                       "FAILED_TO_CONFIRM_PAYMENT");
    }
    // A payment method only when the caller names another one than the intent already has (Stripe
    // uses the intent's own otherwise).
    std::optional<string> method;
    if (command.payment_method_id && command.payment_method_id != payment.payment_method_id) {
        method = command.payment_method_id;
    }
    // Stripe first: an intent canceled there (or already paid) is taken over, not confirmed again.
    // Stripe out of reach already here: the confirmation is tried again in the background, as below.
    std::optional<IntentView> retrieved;
    std::optional<AppError> unreachable;
    try {
        retrieved = co_await stripe.retrieve_intent(command.intent_id);
    } catch (const AppError& e) {
        if (e.kind() != ErrorKind::Unavailable && e.kind() != ErrorKind::Timeout) throw;
        unreachable = e;
    }
    if (unreachable) co_await retry_later(payment.id, method, *unreachable);
    const auto& current = *retrieved;
    if (current.status != "requires_payment_method" && current.status != "requires_confirmation" &&
        current.status != "requires_action") {
        payment = co_await apply_intent(payment.id, current, "confirm: retrieved");
        if (payment.status == PaymentStatus::Canceled || payment.status == PaymentStatus::Failed) {
            throw conflict("The payment was canceled and cannot be confirmed.", "FAILED_TO_CONFIRM_PAYMENT");
        }
        co_return payment;
    }
    // The attempt is counted before the call: its number makes the attempt's idempotency key.
    const auto attempt = co_await repository::count_confirm_attempt(pool(), payment.id);
    const auto key = "confirm-" + payment.id.to_string() + "-" + std::to_string(attempt);
    std::optional<IntentView> confirmed;
    std::optional<AppError> refusal;
    try {
        confirmed = co_await stripe.confirm_intent(command.intent_id, method, settings_.return_url, key);
    } catch (const AppError& e) {
        if (is_definite_refusal(e)) {
            refusal = e;
        } else if (e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Timeout) {
            unreachable = e;
        } else {
            throw;
        }
    }
    if (unreachable) co_await retry_later(payment.id, method, *unreachable);
    if (refusal) {
        // A decline: Stripe keeps the intent open for another payment method; so do we.
        const auto after = co_await stripe.retrieve_intent(command.intent_id);
        co_await apply_intent(payment.id, after, "confirm declined");
        throw conflict(refusal->public_message(), "FAILED_TO_CONFIRM_PAYMENT");
    }
    co_return co_await apply_intent(payment.id, *confirmed, "confirm");
}

asio::awaitable<void> PaymentFlows::retry_later(const Uuid& payment_id, std::optional<string> method,
                                                const AppError& unreachable) {
    // Tried again in the background; the caller hears of the outcome by e-mail.
    co_await schedule_retry(payment_id, std::move(method), unreachable.public_message());
    throw AppError(
        unreachable.kind(), unreachable.code(),
        unreachable.public_message() +
            " The confirmation will be tried again automatically; you will get an e-mail with the outcome.",
        unreachable.detail());
}

asio::awaitable<PaymentRecord> PaymentFlows::cancel(Caller caller, string intent_id) {
    auto& stripe = provider();
    auto payment = co_await visible_by_intent(caller, intent_id);
    if (payment.status == PaymentStatus::Canceled) co_return payment;  // a repeat
    if (!can_cancel(payment.status)) {
        throw conflict("The payment cannot be canceled: it is " + string(to_string(payment.status)) + ".",
                       "FAILED_TO_CANCEL_PAYMENT");
    }
    std::optional<IntentView> canceled;
    std::optional<AppError> refusal;
    try {
        canceled = co_await stripe.cancel_intent(intent_id, "cancel-" + payment.id.to_string());
    } catch (const AppError& e) {
        if (!is_definite_refusal(e)) throw;
        refusal = e;
    }
    if (refusal) {
        // Stripe's state taken over: already canceled there (an earlier cancel that timed out on our
        // side, or one from Stripe's dashboard) is what was asked; paid or processing says why not.
        const auto current = co_await stripe.retrieve_intent(intent_id);
        payment = co_await apply_intent(payment.id, current, "cancel refused");
        if (payment.status == PaymentStatus::Canceled) co_return payment;
        throw conflict(refusal->public_message(), "FAILED_TO_CANCEL_PAYMENT");
    }
    co_return co_await apply_intent(payment.id, *canceled, "canceled by the user");
}

asio::awaitable<PaymentRecord> PaymentFlows::refund(Caller caller, RefundCommand command) {
    auto& stripe = provider();
    auto payment = co_await visible_by_intent(caller, command.intent_id);
    RefundRecord refund;
    refund.id = Uuid::v7(clock_);
    refund.payment_id = payment.id;
    refund.status = "PENDING";
    refund.idempotency_key = command.request_key
                                 ? "refund-" + payment.id.to_string() + "-" + *command.request_key
                                 : "refund-" + refund.id.to_string();
    bool repeat = false;
    // The refund row (and its key) is committed before Stripe is called; the payment's row lock makes
    // two refunds of one payment take turns, so together they never exceed what was paid.
    {
        auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
            auto locked = co_await repository::lock(tx, payment.id);
            if (!locked) throw payment_not_found(command.intent_id);
            payment = *locked;
            const auto existing = co_await repository::refunds(pool(), payment.id);
            for (const auto& r : existing) {
                if (r.idempotency_key == refund.idempotency_key) {
                    refund = r;
                    repeat = true;
                    co_return;
                }
            }
            if (!can_refund(payment.status)) {
                throw conflict(
                    "The payment cannot be refunded: it is " + string(to_string(payment.status)) + ".",
                    "REFUND_NOT_POSSIBLE");
            }
            const auto committed = co_await repository::committed_refunds(tx, payment.id);
            const auto remaining = *payment.amount - committed;
            refund.amount = command.amount.value_or(remaining);
            if (refund.amount.is_zero() || refund.amount.is_negative() || refund.amount > remaining) {
                throw conflict("A refund of " + refund.amount.to_string() + " is not possible: " +
                                   remaining.to_string() + " " + payment.currency + " may still be refunded.",
                               "REFUND_NOT_POSSIBLE");
            }
            co_await repository::insert_refund(tx, refund);
        };
        co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    }
    if (repeat && refund.status != "PENDING") co_return payment;
    std::optional<RefundView> done;
    std::optional<AppError> refusal;
    try {
        done = co_await stripe.create_refund(command.intent_id, to_minor_units(refund.amount),
                                             refund.idempotency_key);
    } catch (const AppError& e) {
        if (!is_definite_refusal(e)) throw;  // stays PENDING: those cents stay blocked until we know
        refusal = e;
    }
    std::optional<ChargeView> charge;
    if (done && payment.latest_charge_id) {
        try {
            charge = co_await stripe.retrieve_charge(*payment.latest_charge_id);
        } catch (const AppError& e) {
            spdlog::warn("payment {}: charge not read after refund: {}", payment.id.to_string(), e.what());
        }
    }
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        if (refusal) {
            co_await repository::update_refund(tx, refund.id, "FAILED", std::nullopt);
            co_return;
        }
        const string status = done->status == "succeeded"                                ? "SUCCEEDED"
                              : (done->status == "failed" || done->status == "canceled") ? "FAILED"
                                                                                         : "PENDING";
        co_await repository::update_refund(tx, refund.id, status, done->id);
        auto locked = co_await repository::lock(tx, payment.id);
        if (!locked) throw payment_not_found(command.intent_id);
        if (status == "SUCCEEDED") {
            const auto previous = locked->status;
            locked->refunded_amount = locked->refunded_amount + refund.amount;
            if (charge && charge->receipt_url) locked->receipt_url = charge->receipt_url;
            locked->status = status_after_refunds(*locked->amount, locked->refunded_amount);
            co_await record_change(tx, *locked, previous, "refund " + done->id, refund.amount.to_string(),
                                   settings_.topic_prefix, clock_.now());
            if (locked->receipt_url) {
                co_await request_receipt(tx, *locked, done->id, *locked->receipt_url, refund.amount,
                                         "Refund: " + locked->description, settings_.topic_prefix);
            }
        }
        payment = *locked;
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    if (refusal) throw conflict(refusal->public_message(), "REFUND_NOT_POSSIBLE");
    co_return payment;
}

asio::awaitable<CardTokenView> PaymentFlows::card_token(CardDetails card) {
    auto& stripe = provider();
    co_return co_await stripe.create_card_token(std::move(card),
                                                "card-token-" + Uuid::v7(clock_).to_string());
}

asio::awaitable<string> PaymentFlows::sepa_method(SepaDetails sepa) {
    auto& stripe = provider();
    co_return co_await stripe.create_sepa_method(std::move(sepa), "sepa-" + Uuid::v7(clock_).to_string());
}

asio::awaitable<PaymentDetails> PaymentFlows::get(Caller caller, Uuid id) {
    auto found = co_await repository::find(pool(), id);
    if (!found || (!caller.sees_all && found->user_id != caller.user_id))
        throw payment_not_found(id.to_string());
    PaymentDetails details{*found, {}, {}};
    details.refunds = co_await repository::refunds(pool(), id);
    details.history = co_await repository::history(pool(), id);
    co_return details;
}

asio::awaitable<PaymentList> PaymentFlows::list(Caller caller, PaymentListQuery query) {
    if (!caller.sees_all) query.user_id = caller.user_id;
    co_return co_await repository::list(pool(), query);
}

asio::awaitable<PaymentFlows::SweepResult> PaymentFlows::sweep() {
    if (provider_ == nullptr) co_return SweepResult{};
    const auto quiet = co_await repository::quiet_open(pool(), clock_.now() - settings_.sweep_interval, 100);
    co_return co_await each_payment(quiet, &PaymentFlows::sweep_one, "sweep");
}

asio::awaitable<PaymentFlows::SweepResult> PaymentFlows::each_payment(const std::vector<Uuid>& ids, Step step,
                                                                      std::string_view what) {
    SweepResult result;
    for (const auto& id : ids) {
        try {
            const bool ended = co_await (this->*step)(id);
            if (ended)
                ++result.expired;
            else
                ++result.reconciled;
        } catch (const std::exception& e) {
            // A Stripe error on one payment never stops the batch.
            ++result.failed;
            spdlog::warn("payment {}: {}: {}", id.to_string(), what, e.what());
        }
    }
    co_return result;
}

// true when the payment was ended for being unpaid past the TTL.
asio::awaitable<bool> PaymentFlows::sweep_one(const Uuid& id) {
    auto payment = co_await repository::find(pool(), id);
    if (!payment || is_final(payment->status) || is_paid(payment->status)) co_return false;
    const bool too_old = payment->created_at < clock_.now() - settings_.reservation_ttl;
    if (payment->stripe_intent_id) {
        const auto intent = co_await provider_->retrieve_intent(*payment->stripe_intent_id);
        payment = co_await apply_intent(id, intent, "sweep: retrieved");
    }
    if (!too_old || !can_cancel(payment->status)) {
        // Still within its time, or processing at Stripe (a SEPA debit takes days): only touched so
        // the next round looks at others first.
        co_await repository::touch(pool(), id);
        co_return false;
    }
    if (payment->stripe_intent_id) {
        const auto canceled =
            co_await provider_->cancel_intent(*payment->stripe_intent_id, "cancel-" + id.to_string());
        co_await apply_intent(id, canceled, "expired: payment.reservation_ttl");
    } else {
        if (payment->stripe_session_id) {
            co_await provider_->expire_session(*payment->stripe_session_id, "expire-" + id.to_string());
        }
        co_await fail(*payment, "expired: payment.reservation_ttl", "Not paid in time.");
    }
    co_return true;
}

asio::awaitable<void> PaymentFlows::schedule_retry(const Uuid& id, std::optional<string> payment_method,
                                                   const string& reason) {
    const auto now = clock_.now();
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, id);
        if (!locked || !can_confirm(locked->status)) co_return;
        // Attempts already made (the one that just failed included) set the next delay.
        const auto doublings = std::min(std::max(locked->confirm_attempts - 1, 0), 16);
        locked->confirm_retry_at = now + settings_.confirm_retry_base_delay * (1 << doublings);
        locked->retry_payment_method = payment_method;
        locked->last_error = reason;
        co_await repository::save_fields(tx, *locked);
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
}

asio::awaitable<PaymentFlows::SweepResult> PaymentFlows::retry_confirmations() {
    if (provider_ == nullptr) co_return SweepResult{};
    const auto due = co_await repository::due_confirmations(pool(), clock_.now(), 50);
    co_return co_await each_payment(due, &PaymentFlows::retry_one, "confirmation retry");
}

// One retry; true when the retries ended (success, failure or nothing left to do).
asio::awaitable<bool> PaymentFlows::retry_one(const Uuid& id) {
    auto payment = co_await repository::find(pool(), id);
    if (!payment || !payment->confirm_retry_at) co_return true;
    if (!can_confirm(payment->status) || !payment->stripe_intent_id) {
        // Settled meanwhile (a webhook, the sweeper): the user still hears how it ended.
        const std::string_view outcome =
            is_paid(payment->status) || payment->status == PaymentStatus::Processing ? "SUCCEEDED" : "FAILED";
        co_await end_retries(id, outcome, payment->last_error.value_or(""));
        co_return true;
    }
    auto& stripe = *provider_;
    const auto current = co_await stripe.retrieve_intent(*payment->stripe_intent_id);
    if (current.status != "requires_payment_method" && current.status != "requires_confirmation") {
        payment = co_await apply_intent(id, current, "confirmation retry: retrieved");
        const bool done = !can_confirm(payment->status);
        if (done) {
            const std::string_view outcome = is_final(payment->status) ? "FAILED" : "SUCCEEDED";
            co_await end_retries(id, outcome, payment->last_error.value_or(""));
        }
        co_return done;
    }
    const auto attempt = co_await repository::count_confirm_attempt(pool(), id);
    const auto key = "confirm-" + id.to_string() + "-" + std::to_string(attempt);
    std::optional<IntentView> confirmed;
    std::optional<AppError> failure;
    try {
        confirmed = co_await stripe.confirm_intent(*payment->stripe_intent_id, payment->retry_payment_method,
                                                   settings_.return_url, key);
    } catch (const AppError& e) {
        failure = e;
    }
    if (confirmed) {
        payment = co_await apply_intent(id, *confirmed, "confirmation retry " + std::to_string(attempt));
        co_await end_retries(id, "SUCCEEDED", "");
        co_return true;
    }
    const bool transient = failure->kind() == ErrorKind::Unavailable || failure->kind() == ErrorKind::Timeout;
    if (transient && attempt < settings_.confirm_max_attempts) {
        co_await schedule_retry(id, payment->retry_payment_method, failure->public_message());
        co_return false;
    }
    // Out of attempts, or declined: the payment ends here and at Stripe, and its reservation is released.
    try {
        const auto canceled =
            co_await stripe.cancel_intent(*payment->stripe_intent_id, "cancel-" + id.to_string());
        co_await apply_intent(id, canceled, "confirmation retries ended");
    } catch (const AppError& e) {
        spdlog::warn("payment {}: not canceled after the last retry: {}", id.to_string(), e.what());
    }
    co_await fail(*payment, "confirmation retries ended", failure->public_message());
    co_await end_retries(id, "FAILED", failure->public_message());
    co_return true;
}

asio::awaitable<void> PaymentFlows::end_retries(const Uuid& id, std::string_view outcome, string reason) {
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        auto locked = co_await repository::lock(tx, id);
        if (!locked || !locked->confirm_retry_at) co_return;  // another round ended it
        locked->confirm_retry_at.reset();
        co_await repository::save_fields(tx, *locked);
        co_await request_outcome_mail(tx, *locked, outcome, reason, settings_.topic_prefix);
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
}

}  // namespace bh::payment
