#pragma once
// argon2id password hashing (libsodium). These calls are CPU- and memory-heavy (64 MiB and tens of
// milliseconds each at the interactive limits): never call them on an I/O thread, use
// PasswordHasher, which runs them on its own bounded pool.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bh::security {

struct Argon2idParams {
    std::uint64_t opslimit;
    std::size_t memlimit;  // bytes

    static Argon2idParams interactive();  // libsodium's INTERACTIVE limits: the default
    static Argon2idParams moderate();
};

// Longer passwords are refused (hashing cost grows with length; no human types more).
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Calls sodium_init() exactly once per process; throws if libsodium cannot start.
void ensure_sodium();

// A "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string with a fresh random salt. Throws
// bh::AppError (BadRequest) for a password over kMaxPasswordBytes, Internal on failure.
std::string argon2id_hash(std::string_view password,
                          const Argon2idParams& params = Argon2idParams::interactive());
// False for a wrong password and for anything that is not an argon2id hash.
bool argon2id_verify(std::string_view password, std::string_view hash);
// True when hash is not argon2id with exactly these limits (stronger settings, or a legacy format).
bool argon2id_needs_rehash(std::string_view hash,
                           const Argon2idParams& params = Argon2idParams::interactive());

}  // namespace bh::security
