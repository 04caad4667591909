#pragma once
// The Ed25519 signing key, kept in the auth database so every auth instance signs with the same
// key (and every verifier, fed by any instance's JWKS, knows it). The first instance to start
// generates it; a concurrent second one loses the INSERT race and reads the winner's key.
#include <boost/asio/awaitable.hpp>
#include <memory>

#include "core/clock.h"
#include "db/pool.h"
#include "security/key_ring.h"

namespace bh::auth {

boost::asio::awaitable<std::shared_ptr<security::KeyRing>> load_or_create_key_ring(db::Pool& pool,
                                                                                   const Clock& clock);

}  // namespace bh::auth
