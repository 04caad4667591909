#pragma once
// The contract's JSON shapes for users (UserCredentials without password, AuthenticationResponse).
#include <boost/json/object.hpp>

#include "services/auth/auth_flows.h"
#include "services/auth/domain/user.h"

namespace bh::auth {

boost::json::object user_json(const User& user);
// {id, token, refreshToken} (+ nif, firstName for sign-in, as the seed).
boost::json::object tokens_json(const SessionTokens& tokens, bool with_profile);

}  // namespace bh::auth
