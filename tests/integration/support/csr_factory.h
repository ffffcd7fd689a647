// Certificate requests built directly with OpenSSL for the server tests, including ones that
// break a profile rule on purpose (wrong key, extra subject attribute, bad signature ...), which
// the client's CSR builder would refuse to make.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/crypto/openssl_ptr.h"

namespace trustdesk::testing {

struct CsrSpec {
  std::string key = "EC:P-256";  // "EC:P-256", "EC:P-384", "RSA:2048", "Ed25519"
  std::vector<std::pair<std::string, std::string>> subject;  // {"CN", "alice"} in order
  std::vector<std::string> san;  // OpenSSL syntax: "DNS:host", "email:a@b", "IP:10.0.0.1"
  bool corrupt_signature = false;  // flip a bit of the signature after signing
};

struct TestCsr {
  std::string csr_pem;
  std::string key_pem;   // unencrypted PKCS#8
  ossl::PkeyPtr key;
};

TestCsr MakeCsr(const CsrSpec& spec);

// CMS EnvelopedData (PEM) of the DER PKCS#8 form of `key`, encrypted to `recipient_pem`.
std::string EnvelopeKey(EVP_PKEY* key, const std::string& recipient_pem);

}  // namespace trustdesk::testing
