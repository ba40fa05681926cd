// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channel security: the cluster key, the handshake proofs, sealed frames.
 *
 * The administrator installs the cluster key (mosctl setkey writes it to
 * /proc/hpc/admin/key). The kernel keeps only a channel key derived from
 * it. The handshake of every channel proves to each end that the other
 * holds the channel key: HMAC-SHA256 over both HELLOs, whose random nonces
 * make each proof good for this connection only. The same HMAC derives one
 * key per direction, so sequence numbers can serve as nonces. Every frame
 * after the handshake carries a tag under that key. Unless both ends have
 * encryption switched off, frames are sealed with ChaCha20-Poly1305:
 * payload encrypted, header authenticated as associated data. With
 * encryption off they are signed: payload in clear, Poly1305 over header
 * and payload with a one-time key from ChaCha20, as the AEAD makes its
 * own; that costs a fraction of encrypting. The threat model is in
 * Documentation/hpc/security.rst.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <crypto/chacha.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/poly1305.h>
#include <crypto/hash.h>
#include <crypto/utils.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include "internal.h"

static struct crypto_shash *hpc_hmac;	/* keyed with the channel key */
static DEFINE_MUTEX(hpc_key_lock);	/* the key of hpc_hmac */
static bool hpc_keyed;

int hpc_admin_encrypt = 1;
struct hpc_sec_stats hpc_sec_stats;

#ifdef CONFIG_HPC_FAULT_INJECTION
atomic_t hpc_tamper_countdown = ATOMIC_INIT(0);
#endif

/*
 * Labels keep the uses of one key apart (and a proof from being replayed
 * in the other role).
 */
static const char hpc_label_channel[] = "hpc v3 channel key";
static const char hpc_label_opener[] = "hpc v3 opener proof";
static const char hpc_label_listener[] = "hpc v3 listener proof";
static const char hpc_label_o2l[] = "hpc v3 key opener to listener";
static const char hpc_label_l2o[] = "hpc v3 key listener to opener";

/**
 * hpc_auth_init() - set up HMAC-SHA256
 *
 * Return: 0 or a negative errno.
 */
int hpc_auth_init(void)
{
	hpc_hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(hpc_hmac)) {
		int err = PTR_ERR(hpc_hmac);

		hpc_hmac = NULL;
		return err;
	}
	return 0;
}

/**
 * hpc_auth_keyed() - is a cluster key installed?
 */
bool hpc_auth_keyed(void)
{
	return READ_ONCE(hpc_keyed);
}

/* HMAC under the key hpc_hmac holds; the caller holds hpc_key_lock. */
static int hpc_mac_locked(const char *label, const u8 *a, size_t alen,
			  const u8 *b, size_t blen, u8 out[HPC_AUTH_MAC_SIZE])
{
	SHASH_DESC_ON_STACK(desc, hpc_hmac);
	int err;

	desc->tfm = hpc_hmac;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, label, strlen(label) + 1) ?:
	      crypto_shash_update(desc, a, alen) ?:
	      crypto_shash_update(desc, b, blen) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/**
 * hpc_auth_set_key() - install the cluster key
 * @key: HPC_KEY_SIZE bytes
 *
 * Return: 0 or a negative errno (the old key stays then).
 */
int hpc_auth_set_key(const u8 *key)
{
	u8 chan[HPC_AUTH_MAC_SIZE];
	int err;

	if (!hpc_hmac)
		return -ENOPKG;
	mutex_lock(&hpc_key_lock);
	err = crypto_shash_setkey(hpc_hmac, key, HPC_KEY_SIZE);
	if (!err)
		err = hpc_mac_locked(hpc_label_channel, (const u8 *)"", 0,
				     (const u8 *)"", 0, chan);
	if (!err)
		err = crypto_shash_setkey(hpc_hmac, chan, sizeof(chan));
	if (!err)
		WRITE_ONCE(hpc_keyed, true);
	else
		WRITE_ONCE(hpc_keyed, false);	/* hpc_hmac's key is unknown */
	mutex_unlock(&hpc_key_lock);
	memzero_explicit(chan, sizeof(chan));
	return err;
}

static int hpc_mac(const char *label, const u8 *hello_o, const u8 *hello_l,
		   u8 out[HPC_AUTH_MAC_SIZE])
{
	int err;

	mutex_lock(&hpc_key_lock);
	err = hpc_keyed ? hpc_mac_locked(label, hello_o, HPC_HELLO_SIZE,
					 hello_l, HPC_HELLO_SIZE, out) :
			  -ENOKEY;
	mutex_unlock(&hpc_key_lock);
	return err;
}

/**
 * hpc_auth_proof() - the MAC one end of a handshake sends
 * @opener: true for the end that opened the connection
 * @hello_o: the opener's HELLO payload, as sent
 * @hello_l: the listener's HELLO payload, as sent
 * @mac: the result
 *
 * Return: 0 or a negative errno.
 */
int hpc_auth_proof(bool opener, const u8 *hello_o, const u8 *hello_l,
		   u8 mac[HPC_AUTH_MAC_SIZE])
{
	return hpc_mac(opener ? hpc_label_opener : hpc_label_listener,
		       hello_o, hello_l, mac);
}

/**
 * hpc_auth_check() - does @mac prove the other end holds the key?
 * @opener: true if the other end is the opener
 * @hello_o: the opener's HELLO payload
 * @hello_l: the listener's HELLO payload
 * @mac: the MAC received
 *
 * Return: 0, -EACCES for a wrong proof, or another negative errno.
 */
int hpc_auth_check(bool opener, const u8 *hello_o, const u8 *hello_l,
		   const u8 *mac)
{
	u8 want[HPC_AUTH_MAC_SIZE];
	int err;

	err = hpc_auth_proof(opener, hello_o, hello_l, want);
	if (!err && crypto_memneq(want, mac, sizeof(want)))
		err = -EACCES;
	memzero_explicit(want, sizeof(want));
	return err;
}

/**
 * hpc_auth_start() - derive the keys of a channel whose handshake passed
 * @c: the channel
 * @opener: true on the end that opened it
 * @hello_o: the opener's HELLO payload
 * @hello_l: the listener's HELLO payload
 * @seal: seal every frame from now on
 *
 * Return: 0 or a negative errno.
 */
int hpc_auth_start(struct hpc_conn *c, bool opener, const u8 *hello_o,
		   const u8 *hello_l, bool seal)
{
	u8 o2l[HPC_AUTH_MAC_SIZE], l2o[HPC_AUTH_MAC_SIZE];
	int err;

	if (seal) {
		c->sealbuf = kvmalloc(HPC_MSG_MAX_PAYLOAD + HPC_SEAL_TAG_SIZE,
				      GFP_KERNEL);
		if (!c->sealbuf)
			return -ENOMEM;
	}
	err = hpc_mac(hpc_label_o2l, hello_o, hello_l, o2l) ?:
	      hpc_mac(hpc_label_l2o, hello_o, hello_l, l2o);
	if (err)
		goto out;
	memcpy(c->tx_key, opener ? o2l : l2o, sizeof(c->tx_key));
	memcpy(c->rx_key, opener ? l2o : o2l, sizeof(c->rx_key));
	c->frame_flags = seal ? HPC_MSG_F_SEALED : HPC_MSG_F_SIGNED;
	atomic_long_inc(seal ? &hpc_sec_stats.sealed : &hpc_sec_stats.plain);
out:
	memzero_explicit(o2l, sizeof(o2l));
	memzero_explicit(l2o, sizeof(l2o));
	return err;
}

/**
 * hpc_seal() - encrypt a frame's payload in place and append its tag
 * @c: a sealed channel
 * @hdr: the frame's header, as it will be sent
 * @buf: the payload, with HPC_SEAL_TAG_SIZE bytes of room after it
 * @len: payload length
 * @seq: the frame's sequence number
 */
void hpc_seal(struct hpc_conn *c, const u8 *hdr, u8 *buf, size_t len,
	      u64 seq)
{
	chacha20poly1305_encrypt(buf, buf, len, hdr, HPC_HDR_SIZE, seq,
				 c->tx_key);
}

/**
 * hpc_unseal() - check a sealed frame's tag and decrypt it in place
 * @c: a sealed channel
 * @hdr: the frame's header, as received
 * @buf: payload and tag
 * @len: payload length (without the tag)
 * @seq: the sequence number the frame must have
 *
 * Return: true if the frame is authentic; @buf is plain text then.
 */
bool hpc_unseal(struct hpc_conn *c, const u8 *hdr, u8 *buf, size_t len,
		u64 seq)
{
	return chacha20poly1305_decrypt(buf, buf, len + HPC_SEAL_TAG_SIZE,
					hdr, HPC_HDR_SIZE, seq, c->rx_key);
}

/**
 * hpc_sign() - the tag of a signed frame
 * @key: the direction's key, HPC_KEY_SIZE bytes
 * @seq: the frame's sequence number (the nonce)
 * @hdr: the frame's header
 * @p1: first piece of the payload (may be NULL if @len1 is 0)
 * @len1: its length
 * @p2: second piece (may be NULL if @len2 is 0)
 * @len2: its length
 * @tag: HPC_SEAL_TAG_SIZE bytes out
 *
 * Poly1305 over header and payload under a one-time key: the first 32
 * bytes of the ChaCha20 key stream for (@key, @seq), as ChaCha20-Poly1305
 * derives its own. The header holds the length, so no padding is needed
 * to tell where the payload ends.
 */
void hpc_sign(const u8 *key, u64 seq, const u8 *hdr, const u8 *p1,
	      size_t len1, const u8 *p2, size_t len2, u8 *tag)
{
	u32 state[CHACHA_STATE_WORDS], k[CHACHA_KEY_SIZE / sizeof(u32)];
	__le64 iv[2] = { 0, cpu_to_le64(seq) };
	u8 otk[POLY1305_KEY_SIZE] = { 0 };
	struct poly1305_desc_ctx desc;
	int i;

	for (i = 0; i < ARRAY_SIZE(k); i++)
		k[i] = get_unaligned_le32(key + 4 * i);
	chacha_init(state, k, (const u8 *)iv);
	chacha20_crypt(state, otk, otk, sizeof(otk));
	poly1305_init(&desc, otk);
	poly1305_update(&desc, hdr, HPC_HDR_SIZE);
	if (len1)
		poly1305_update(&desc, p1, len1);
	if (len2)
		poly1305_update(&desc, p2, len2);
	poly1305_final(&desc, tag);
	memzero_explicit(otk, sizeof(otk));
	memzero_explicit(state, sizeof(state));
	memzero_explicit(k, sizeof(k));
}

/**
 * hpc_sign_check() - check a signed frame's tag
 * @c: a channel whose frames are signed
 * @hdr: the frame's header, as received
 * @buf: payload, then the tag
 * @len: payload length (without the tag)
 * @seq: the sequence number the frame must have
 *
 * Return: true if the frame is authentic.
 */
bool hpc_sign_check(struct hpc_conn *c, const u8 *hdr, const u8 *buf,
		    size_t len, u64 seq)
{
	u8 want[HPC_SEAL_TAG_SIZE];

	hpc_sign(c->rx_key, seq, hdr, buf, len, NULL, 0, want);
	return !crypto_memneq(want, buf + len, sizeof(want));
}

/**
 * hpc_auth_forget() - wipe a channel's keys
 * @c: the channel, about to be freed
 */
void hpc_auth_forget(struct hpc_conn *c)
{
	memzero_explicit(c->tx_key, sizeof(c->tx_key));
	memzero_explicit(c->rx_key, sizeof(c->rx_key));
	kvfree(c->sealbuf);
	c->sealbuf = NULL;
}
