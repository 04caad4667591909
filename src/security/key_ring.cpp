#include "security/key_ring.h"

#include <algorithm>

#include "core/error.h"

namespace bh::security {

KeyRing::KeyRing(Ed25519PrivateKey current, std::string kid, const Clock& clock)
    : current_(std::move(current), std::move(kid)), clock_(&clock) {}

void KeyRing::rotate(Ed25519PrivateKey next, std::string kid, std::chrono::seconds grace) {
    JwtSigner replacement(std::move(next), std::move(kid));
    const std::lock_guard lock(mutex_);
    if (replacement.kid() == current_.kid() ||
        std::any_of(previous_.begin(), previous_.end(),
                    [&](const auto& k) { return k.kid == replacement.kid(); })) {
        throw internal("key rotation: kid already in use: " + replacement.kid());
    }
    previous_.push_back({current_.kid(), current_.public_key(), clock_->now() + grace});
    current_ = std::move(replacement);
}

void KeyRing::add_previous(VerificationKey key) {
    const std::lock_guard lock(mutex_);
    if (key.kid == current_.kid()) throw internal("key ring: kid already in use: " + key.kid);
    std::erase_if(previous_, [&](const auto& k) { return k.kid == key.kid; });
    previous_.push_back(std::move(key));
}

void KeyRing::remove(std::string_view kid) {
    const std::lock_guard lock(mutex_);
    std::erase_if(previous_, [&](const auto& k) { return k.kid == kid; });
}

void KeyRing::prune() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_->now();
    std::erase_if(previous_, [&](const auto& k) { return k.not_after && now > *k.not_after; });
}

JwtSigner KeyRing::signer() const {
    const std::lock_guard lock(mutex_);
    return current_;
}

VerificationKeys KeyRing::verification_keys() const {
    const std::lock_guard lock(mutex_);
    const auto now = clock_->now();
    VerificationKeys keys;
    keys.reserve(previous_.size() + 1);
    keys.push_back({current_.kid(), current_.public_key(), std::nullopt});
    for (const auto& key : previous_) {
        if (!key.not_after || now <= *key.not_after) keys.push_back(key);
    }
    return keys;
}

}  // namespace bh::security
