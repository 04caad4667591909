#include "core/fast_random.h"

#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

namespace bh {

namespace {

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, passes BigCrush.
struct Xoshiro256 {
    std::uint64_t s[4];

    Xoshiro256() {
        if (RAND_bytes(reinterpret_cast<unsigned char*>(s), sizeof s) != 1)
            throw std::runtime_error("RAND_bytes failed");
    }

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
        const std::uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return result;
    }
};

Xoshiro256& generator() {
    thread_local Xoshiro256 g;
    return g;
}

}  // namespace

std::uint64_t fast_random_u64() {
    return generator().next();
}

void fast_random_fill(std::uint8_t* out, std::size_t size) {
    auto& g = generator();
    while (size > 0) {
        const std::uint64_t word = g.next();
        const std::size_t n = size < sizeof word ? size : sizeof word;
        std::memcpy(out, &word, n);
        out += n;
        size -= n;
    }
}

}  // namespace bh
