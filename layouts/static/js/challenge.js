// minhbach: anti-spam proof of work for the participation forms. For a
// form with data-minhbach-challenge, data-token and data-bits (or holding
// such an input whose value is the token), it fills the hidden "pow"
// input with a nonce such that SHA-256(token + ":" + nonce) starts with
// data-bits zero bits, then hides the [data-minhbach-question] box. It
// starts when the form is first touched (reading costs no battery), in a
// Worker of this same file (script-src 'self' allows it, blob: would not)
// or in slices on the main thread. Until then the form works as without
// JavaScript: the server asks the question. window.minhbachSolve(token,
// bits) is a Promise of the nonce, one per token. Our own SHA-256:
// WebCrypto's costs a promise per hash.
(() => {
const hex = (s) => Int32Array.from(s.split(" "), (x) => parseInt(x, 16)),
  K = hex("428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2"),
  IV = hex("6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19"),
  W = new Int32Array(64);
// run hashes the 64-byte blocks of m[0:n] into the state H. (Int32Arrays
// keep V8 on small integers: faster than Uint32Arrays.)
const run = (H, m, n) => {
  for (let o = 0; o < n; o += 64) {
    for (let i = 0; i < 16; i++) W[i] = m[o + 4 * i] << 24 | m[o + 4 * i + 1] << 16 | m[o + 4 * i + 2] << 8 | m[o + 4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15], y = W[i - 2];
      W[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10) + W[i - 7] + W[i - 16] | 0;
    }
    let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (let i = 0; i < 64; i++) {
      const t = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K[i] + W[i] | 0,
        u = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b ^ a & c ^ b & c) | 0;
      h = g; g = f; f = e; e = d + t | 0; d = c; c = b; b = a; a = t + u | 0;
    }
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
  }
};
// pad ends m[0:l], the last of a t-byte message, as SHA-256 does, and
// gives its padded length. (A Uint8Array keeps a number's low byte.)
const pad = (m, l, t) => {
  const n = l + 72 & ~63;
  m[l] = 128;
  m.fill(0, l + 1, n - 5);
  m[n - 5] = t >>> 29; m[n - 4] = t >>> 21; m[n - 3] = t >>> 13; m[n - 2] = t >>> 5; m[n - 1] = t << 3;
  return n;
};
// search tries the nonces i to j - 1 and gives the first, as a string,
// that makes SHA-256(token ":" nonce) start with z zero bits, or null.
// The token's whole blocks are hashed once, then one or two blocks a try.
const search = (token, z, i, j) => {
  const p = Uint8Array.from(token + ":", (ch) => ch.charCodeAt(0)), f = p.length & ~63, r = p.length - f,
    S = IV.slice(), H = new Int32Array(8), m = new Uint8Array(256);
  run(S, p, f);
  m.set(p.subarray(f));
  for (; i < j; i++) {
    const s = "" + i;
    let l = r;
    for (let k = 0; k < s.length; k++) m[l++] = s.charCodeAt(k);
    H.set(S);
    run(H, m, pad(m, l, f + l));
    if (Math.clz32(H[0]) >= z) return s;
  }
  return null;
};
if (typeof window == "undefined") { // in the Worker
  self.onmessage = (e) => postMessage(search(e.data[0], e.data[1], 0, 2 ** 52));
  return;
}
const D = document, src = D.currentScript && D.currentScript.src;
// slices searches 30 ms at a time, letting the page answer in between.
const slices = (t, z, ok) => {
  let i = 0;
  const step = () => {
    const end = Date.now() + 30;
    do {
      const n = search(t, z, i, i += 4096);
      if (n != null) return ok(n);
    } while (Date.now() < end);
    setTimeout(step, 0);
  };
  step();
};
const memo = {};
const solve = (t, z) => memo[t + " " + z] || (memo[t + " " + z] = new Promise((ok, no) => {
  if (typeof t != "string" || !/^[\w-]+$/.test(t) || !(z >= 0 && z <= 32)) return no(new RangeError("minhbachSolve: bad token or bits"));
  let w;
  try {
    w = src && window.Worker && new Worker(src);
  } catch (e) {
    w = null;
  }
  if (!w) return slices(t, z, ok);
  w.onmessage = (e) => { w.terminate(); ok(e.data); };
  w.onerror = (e) => { e.preventDefault(); w.terminate(); slices(t, z, ok); };
  w.postMessage([t, z]);
}));
window.minhbachSolve = solve;
// solve.hash is SHA-256 of a Uint8Array, in hex, for the tests.
solve.hash = (b) => {
  const m = new Uint8Array(b.length + 72), H = IV.slice();
  m.set(b);
  run(H, m, pad(m, b.length, b.length));
  return Array.from(H, (x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
};
const E = ["focusin", "pointerdown", "keydown", "change"];
D.querySelectorAll("[data-minhbach-challenge]").forEach((el) => {
  const f = el.form || el, t = el.dataset.token || el.value, z = +(el.dataset.bits || 18);
  if (!t || !(z >= 1 && z <= 32)) return;
  const go = () => {
    E.forEach((x) => f.removeEventListener(x, go));
    solve(t, z).then((n) => {
      let p = f.querySelector('input[name="pow"]');
      if (!p) {
        p = D.createElement("input");
        p.type = "hidden";
        p.name = "pow";
        f.append(p);
      }
      p.value = n;
      // The question is no longer needed, unless the citizen is typing in it.
      const q = f.querySelector("[data-minhbach-question]");
      if (q && !q.contains(D.activeElement)) {
        q.hidden = true;
        q.querySelectorAll("input, select, textarea").forEach((x) => { x.disabled = true; });
      }
    }, () => {});
  };
  if (f.contains(D.activeElement)) go();
  else E.forEach((x) => f.addEventListener(x, go));
});
})();
