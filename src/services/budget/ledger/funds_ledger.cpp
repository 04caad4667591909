#include "services/budget/ledger/funds_ledger.h"

#include "services/budget/errors.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;

const db::Statement kSpendSubtype{
    "budget.ledger_subtype",
    // version moves with spent: an edit form read before this spending must not save its stale
    // availableFunds (allocation = spent + availableFunds) as if nothing had been spent since.
    // A change of `reserved` alone (a reservation charged) leaves availableFunds as it was: no new version.
    "UPDATE budget_subtypes s SET spent = s.spent + $2::numeric, reserved = s.reserved + $3::numeric, "
    "version = s.version + CASE WHEN $2::numeric = 0 THEN 0 ELSE 1 END, updated_at = now() "
    "FROM budget_types t WHERE s.id = $1 AND t.id = s.budget_type_id "
    "AND (NOT $4::boolean OR $2::numeric <= 0 OR s.spent + $2::numeric <= s.allocated) "
    "RETURNING s.allocated, s.spent, s.name, t.id, t.name"};
const db::Statement kSubtypeFigures{"budget.ledger_subtype_figures",
                                    "SELECT allocated, spent FROM budget_subtypes WHERE id = $1"};

const db::Statement kSpendType{
    "budget.ledger_type",
    "UPDATE budget_types SET spent = spent + $2::numeric, direct_spent = direct_spent + $3::numeric, "
    "reserved = reserved + $4::numeric, "
    "version = version + CASE WHEN $2::numeric = 0 AND $3::numeric = 0 THEN 0 ELSE 1 END, updated_at = now() "
    "WHERE id = $1 AND (NOT $5::boolean OR (($2::numeric <= 0 OR spent + $2::numeric <= allocated) "
    "AND ($3::numeric <= 0 OR direct_spent + $3::numeric + sub_allocated <= allocated))) "
    "RETURNING allocated, spent, name, direct_spent, sub_allocated"};
const db::Statement kTypeFigures{
    "budget.ledger_type_figures",
    "SELECT allocated, spent, direct_spent, sub_allocated FROM budget_types WHERE id = $1"};

void note_crossings(std::vector<ThresholdCrossing>& out, const ThresholdCrossing& base, Money delta) {
    for (const int percent : crossed_thresholds(base.allocated, base.spent - delta, base.spent)) {
        auto crossing = base;
        crossing.percent = percent;
        out.push_back(std::move(crossing));
    }
}

}  // namespace

asio::awaitable<std::vector<ThresholdCrossing>> apply_funds_plan(db::Transaction& tx, const FundsPlan& plan,
                                                                 Ceiling ceiling) {
    const bool enforce = ceiling == Ceiling::Enforce;
    std::vector<ThresholdCrossing> crossings;
    for (const auto& change : plan.subtypes) {
        const auto row_result = co_await tx->execute(
            kSpendSubtype, db::Params{change.subtype_id, change.delta, change.reserved_delta, enforce});
        auto row = row_result.maybe_one();
        if (!row) {
            const auto figures_result = co_await tx->execute(kSubtypeFigures, db::Params{change.subtype_id});
            auto figures = figures_result.maybe_one();
            if (!figures) throw budget_subtype_not_found(change.subtype_id);
            throw budget_exceeded(change.delta, figures->get<Money>(0) - figures->get<Money>(1));
        }
        const Money allocated = row->get<Money>(0);
        const Money spent = row->get<Money>(1);
        note_crossings(crossings,
                       {0, row->get<Uuid>(3), row->get<std::string>(4), change.subtype_id,
                        row->get<std::string>(2), allocated, spent, allocated - spent},
                       change.delta);
    }
    for (const auto& change : plan.types) {
        const auto row_result =
            co_await tx->execute(kSpendType, db::Params{change.type_id, change.spent_delta,
                                                        change.direct_delta, change.reserved_delta, enforce});
        auto row = row_result.maybe_one();
        if (!row) {
            const auto figures_result = co_await tx->execute(kTypeFigures, db::Params{change.type_id});
            auto figures = figures_result.maybe_one();
            if (!figures) throw budget_type_not_found(change.type_id);
            const Money allocated = figures->get<Money>(0);
            const Money direct_room = allocated - figures->get<Money>(2) - figures->get<Money>(3);
            const Money total_room = allocated - figures->get<Money>(1);
            if (change.direct_delta > direct_room) throw budget_exceeded(change.direct_delta, direct_room);
            throw budget_exceeded(change.spent_delta, total_room);
        }
        const Money allocated = row->get<Money>(0);
        const Money spent = row->get<Money>(1);
        note_crossings(crossings,
                       {0, change.type_id, row->get<std::string>(2), std::nullopt, std::nullopt, allocated,
                        spent, allocated - spent},
                       change.spent_delta);
    }
    co_return crossings;
}

}  // namespace bh::budget
