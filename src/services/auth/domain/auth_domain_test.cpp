// Unit tests of the auth domain rules: input validation, refresh-token decisions, access rules,
// client address, reset link and event.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/address_list.h"
#include "core/error.h"
#include "services/auth/client_address.h"
#include "services/auth/domain/access_rules.h"
#include "services/auth/domain/refresh_rules.h"
#include "services/auth/domain/user_validation.h"
#include "services/auth/users/reset_notification.h"

namespace bh::auth {
namespace {

using namespace std::chrono;
namespace json = boost::json;

const sys_days kToday = sys_days{year{2025} / 6 / 1};

json::object valid_user() {
    return json::parse(R"({"firstName":"Ana","lastName":"Silva","nif":"123456789","email":"ana@example.pt",
        "password":"Correct-Horse-9","dateOfBirth":"1990-05-17","nationality":"Portuguese","gender":"Female",
        "phoneNumber":"+351912345678","roles":["ADMIN"]})")
        .as_object();
}

std::vector<std::string> failing_fields(const json::object& body) {
    try {
        parse_registration(body, kToday);
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        std::vector<std::string> fields;
        for (const auto& f : e.field_errors()) fields.push_back(f.field);
        return fields;
    }
    return {};
}

TEST(Registration, AcceptsAValidBodyAndIgnoresRequestedRoles) {
    const auto r = parse_registration(valid_user(), kToday);
    EXPECT_EQ(r.profile.email, "ana@example.pt");
    EXPECT_EQ(r.profile.date_of_birth, year_month_day(year{1990} / 5 / 17));
    EXPECT_EQ(r.password, "Correct-Horse-9");
}

TEST(Registration, NamesEveryInvalidField) {
    auto body = valid_user();
    body["firstName"] = "  ";
    body["email"] = "not-an-email";
    body["dateOfBirth"] = "2030-01-01";
    body["nationality"] = "Martian";
    body["gender"] = "Other";
    body["phoneNumber"] = "12ab";
    body["password"] = "short";
    body.erase("lastName");
    body["nif"] = 123;
    const auto fields = failing_fields(body);
    EXPECT_EQ(fields, (std::vector<std::string>{"firstName", "lastName", "nif", "email", "dateOfBirth",
                                                "nationality", "gender", "phoneNumber", "password"}));
}

TEST(Registration, RejectsImpossibleDatesAndOverlongNames) {
    auto body = valid_user();
    body["dateOfBirth"] = "1990-02-30";
    body["firstName"] = std::string(101, 'a');
    EXPECT_EQ(failing_fields(body), (std::vector<std::string>{"firstName", "dateOfBirth"}));
}

TEST(Email, FollowsTheSeedRule) {
    EXPECT_TRUE(is_valid_email("a.b+c_d-e@mail.example.com"));
    EXPECT_FALSE(is_valid_email("a@b"));
    EXPECT_FALSE(is_valid_email("a@b.c"));
    EXPECT_FALSE(is_valid_email("a@b.toolongtld"));
    EXPECT_FALSE(is_valid_email("a@@b.pt"));
    EXPECT_FALSE(is_valid_email("@b.pt"));
    EXPECT_FALSE(is_valid_email("a b@c.pt"));
    EXPECT_FALSE(is_valid_email("a@b.p1"));
}

TEST(Password, LengthCountsCharactersNotBytes) {
    EXPECT_TRUE(password_problem("çççççççç").empty());  // 8 characters, 16 bytes: fine
    EXPECT_FALSE(password_problem("ççççççç").empty());  // 7 characters, 14 bytes
    EXPECT_FALSE(password_problem("1234567").empty());
    EXPECT_FALSE(password_problem(std::string(129, 'x')).empty());
    EXPECT_TRUE(password_problem(std::string(128, 'x')).empty());
}

TEST(Update, RequiresIdAndCurrentPasswordAndChecksTheNewOne) {
    auto body = valid_user();
    body["id"] = "nope";
    body.erase("password");
    body["newPassword"] = "short";
    try {
        parse_profile_update(body, kToday);
        FAIL() << "accepted";
    } catch (const AppError& e) {
        std::vector<std::string> fields;
        for (const auto& f : e.field_errors()) fields.push_back(f.field);
        EXPECT_EQ(fields, (std::vector<std::string>{"id", "password", "newPassword"}));
    }
}

TEST(RefreshRules, DecideEachCase) {
    const auto now = system_clock::now();
    StoredRefreshToken live{false, false, now + minutes(1)};
    EXPECT_EQ(decide_refresh(std::nullopt, now), RefreshDecision::Unknown);
    EXPECT_EQ(decide_refresh(live, now), RefreshDecision::Rotate);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{true, false, now + minutes(1)}, now),
              RefreshDecision::Reused);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{true, true, now + minutes(1)}, now), RefreshDecision::Reused);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{false, true, now + minutes(1)}, now),
              RefreshDecision::Revoked);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{false, false, now}, now), RefreshDecision::Expired);
}

// A token rotated `ago` before now, still the session's latest rotation unless said otherwise.
StoredRefreshToken rotated_token(system_clock::time_point now, milliseconds ago, bool latest = true,
                                 bool revoked = false) {
    return StoredRefreshToken{true, revoked, now + minutes(1), now - ago, latest};
}

TEST(RefreshRules, AReuseWithinTheGraceOfTheLatestRotationRotatesAgain) {
    const auto now = system_clock::now();
    const auto grace = seconds(5);
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(0)), now, grace),
              RefreshDecision::RotateInGrace);
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(4999)), now, grace),
              RefreshDecision::RotateInGrace);
    // Another instance's clock a little behind the one that rotated: still the same burst.
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(-800)), now, grace),
              RefreshDecision::RotateInGrace);
}

TEST(RefreshRules, AReuseAfterTheGraceIsTheft) {
    const auto now = system_clock::now();
    const auto grace = seconds(5);
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(5000)), now, grace), RefreshDecision::Reused);
    EXPECT_EQ(decide_refresh(rotated_token(now, seconds(30)), now, grace), RefreshDecision::Reused);
}

TEST(RefreshRules, NoGraceOnceTheFamilyMovedOnOrEnded) {
    const auto now = system_clock::now();
    const auto grace = seconds(5);
    // A newer token of the session was spent since: this one is not part of a concurrent burst.
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(10), false), now, grace),
              RefreshDecision::Reused);
    // Signed out (or revoked for reuse) a moment after the rotation.
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(10), true, true), now, grace),
              RefreshDecision::Reused);
    // Past its own expiry.
    auto expired = rotated_token(now, milliseconds(10));
    expired.expires_at = now;
    EXPECT_EQ(decide_refresh(expired, now, grace), RefreshDecision::Reused);
    // A zero grace turns the rule off.
    EXPECT_EQ(decide_refresh(rotated_token(now, milliseconds(0)), now, milliseconds(0)),
              RefreshDecision::Reused);
}

TEST(RefreshRules, TheGraceNeverRevivesALiveTokensOtherChecks) {
    const auto now = system_clock::now();
    const auto grace = seconds(5);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{false, true, now + minutes(1)}, now, grace),
              RefreshDecision::Revoked);
    EXPECT_EQ(decide_refresh(StoredRefreshToken{false, false, now}, now, grace), RefreshDecision::Expired);
    EXPECT_EQ(decide_refresh(std::nullopt, now, grace), RefreshDecision::Unknown);
}

identity::Principal principal(std::string id, std::vector<std::string> roles) {
    identity::Principal p;
    p.user_id = std::move(id);
    p.roles = std::move(roles);
    return p;
}

TEST(AccessRules, ProfilesAreReadBySelfAdminAndHrOnly) {
    const auto target = UserId::generate();
    EXPECT_NO_THROW(require_can_view(principal(target.to_string(), {}), target));
    EXPECT_NO_THROW(require_can_view(principal("x", {"ADMIN"}), target));
    EXPECT_NO_THROW(require_can_view(principal("x", {"HR"}), target));
    EXPECT_THROW(require_can_view(principal("x", {"MANAGER", "EMPLOYEE"}), target), AppError);
    EXPECT_THROW(require_self(principal("x", {"ADMIN"}), target), AppError);
}

TEST(AccessRules, RolesAreWhitelistedAndTheLastAdminStays) {
    EXPECT_EQ(parse_role("HR"), "HR");
    EXPECT_THROW(parse_role("hr"), AppError);
    EXPECT_THROW(parse_role("ROOT"), AppError);
    EXPECT_THROW(require_admin_remains("ADMIN", true, 1), AppError);
    EXPECT_NO_THROW(require_admin_remains("ADMIN", true, 2));
    EXPECT_NO_THROW(require_admin_remains("ADMIN", false, 1));
    EXPECT_NO_THROW(require_admin_remains("HR", true, 1));
}

TEST(ClientAddress, TrustsForwardedForOnlyFromTrustedProxies) {
    const std::vector<std::string> trusted{"127.0.0.1", "::1"};
    EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9");
    EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4", trusted), "1.2.3.4");
    EXPECT_EQ(client_address("::ffff:127.0.0.1", "9.9.9.9, 1.2.3.4", trusted), "1.2.3.4");
    EXPECT_EQ(client_address("127.0.0.1", "9.9.9.9, 1.2.3.4, 127.0.0.1", trusted), "1.2.3.4");
    EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
    EXPECT_EQ(parse_address_list(" a, ,b "), (std::vector<std::string>{"a", "b"}));
}

TEST(ResetNotification, CarriesTheLinkAsTheContractSays) {
    EXPECT_EQ(reset_url("http://app/reset", "T"), "http://app/reset?token=T");
    EXPECT_EQ(reset_url("http://app/r?x=1", "T"), "http://app/r?x=1&token=T");
    User user;
    user.profile.email = "ana@example.pt";
    user.profile.first_name = "Ana";
    const auto id = Uuid::v7();
    const auto event = password_reset_event("p.notification.requested", id, user, "http://app/reset?token=T",
                                            sys_days{year{2025} / 6 / 1} + hours(10));
    EXPECT_EQ(event.topic, "p.notification.requested");
    EXPECT_EQ(event.key, id.to_string());
    EXPECT_EQ(event.type, "notification.requested");
    const auto payload = json::parse(event.payload).as_object();
    EXPECT_EQ(payload.at("version").as_int64(), 1);
    EXPECT_EQ(payload.at("kind").as_string(), "PASSWORD_RESET");
    EXPECT_EQ(payload.at("to").as_string(), "ana@example.pt");
    EXPECT_EQ(payload.at("recipientName").as_string(), "Ana");
    EXPECT_EQ(payload.at("data").at("resetUrl").as_string(), "http://app/reset?token=T");
    EXPECT_EQ(payload.at("data").at("expiresAt").as_string(), "2025-06-01T10:00:00Z");
}

TEST(Recovery, ARequestEventCarriesTheEmailAndReadsBack) {
    const auto event = recovery_requested_event("p.auth.recovery-requested", "ana@x.pt");
    EXPECT_EQ(event.topic, "p.auth.recovery-requested");
    EXPECT_EQ(event.key, "ana@x.pt");
    bus::Message message;
    message.payload = event.payload;
    EXPECT_EQ(recovery_email(message), "ana@x.pt");
    for (const char* bad : {"", "{}", "[1]", R"({"email":""})", R"({"email":7})", "not json"}) {
        message.payload = bad;
        EXPECT_THROW(recovery_email(message), AppError) << bad;
    }
}

}  // namespace
}  // namespace bh::auth
