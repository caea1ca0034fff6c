//! rust_verify KEYFILE TOKEN: verifies one HS256 token (signature and exp, jsonwebtoken's
//! default validation) with the secret's bytes in KEYFILE and prints its claims as JSON;
//! exit 0 when valid, 1 when not, 2 on an error.
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use std::process::exit;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: rust_verify KEYFILE TOKEN");
        exit(2);
    }
    let key = std::fs::read(&args[1]).unwrap_or_else(|e| {
        eprintln!("rust_verify: {}: {}", args[1], e);
        exit(2)
    });
    match decode::<serde_json::Value>(&args[2], &DecodingKey::from_secret(&key), &Validation::new(Algorithm::HS256)) {
        Ok(data) => println!("{}", data.claims),
        Err(e) => {
            eprintln!("rust_verify: {}", e);
            exit(1)
        }
    }
}
