package org.gilbench.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The run's shared secret and the proofs made with it — what seed 002's {@code authkey=b'abc'} is for
 * (seed 002:696-737), but 256 random bits instead of 3 known bytes, and a proof in both directions.
 *
 * <p>The key never travels: each side answers the other's fresh nonce with HMAC-SHA256(key, label |
 * nonce), and the answer is compared with {@link MessageDigest#isEqual} (constant time). The labels
 * differ per direction, so a master's proof cannot be replayed as a worker's. It is passed to a worker
 * in a file or in the environment variable {@link #ENV}, never on a command line (which every user of
 * the machine can read in {@code ps}).
 */
final class RunKey {

    /** The environment variable a worker reads its key from (hex), when no key file is given. */
    static final String ENV = "GILBENCH_DISTRIBUTED_KEY";
    /** Bits of a generated key. */
    static final int BITS = 256;
    /** The least a given key may have: 128 bits, 32 hex digits. */
    static final int MIN_BYTES = 16;
    /** Bytes of a nonce. */
    static final int NONCE_BYTES = 32;

    static final String WORKER_LABEL = "gilbench-worker";
    static final String MASTER_LABEL = "gilbench-master";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private RunKey(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("run key: " + key.length * 8 + " bits, at least " + MIN_BYTES * 8 + " needed");
        }
        this.key = key.clone();
    }

    /** A fresh random key for one run. */
    static RunKey generate() {
        byte[] key = new byte[BITS / 8];
        RANDOM.nextBytes(key);
        return new RunKey(key);
    }

    /**
     * A key written as hex digits (whitespace around them ignored).
     *
     * @throws IllegalArgumentException naming {@code source} if it is not hex or shorter than 128 bits
     */
    static RunKey parse(String hex, String source) {
        String digits = hex.strip();
        if (digits.length() < MIN_BYTES * 2 || digits.length() % 2 != 0 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("bad run key in " + source + ": expected an even number (at least "
                    + MIN_BYTES * 2 + ") of hex digits, got " + digits.length() + " characters");
        }
        return new RunKey(HexFormat.of().parseHex(digits));
    }

    /** Reads a key file. @throws IllegalArgumentException if missing, unreadable or not a key */
    static RunKey read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e, e);
        }
    }

    /** True if others than the owner may read {@code file} (POSIX only; elsewhere false). */
    static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** Writes the key as hex to a new file only its owner can read ({@code rw-------}). */
    void writeNew(Path file) {
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not POSIX: the folder's rights apply
            }
            Files.writeString(file, hex() + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("key file " + file + " exists already", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write key file " + file + ": " + e, e);
        }
    }

    /** The key as hex, for a child's environment. */
    String hex() {
        return HexFormat.of().formatHex(key);
    }

    static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** HMAC-SHA256(key, label | nonce). */
    byte[] proof(String label, byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** Whether {@code proof} answers {@code nonce} under {@code label}, compared in constant time. */
    boolean verify(String label, byte[] nonce, byte[] proof) {
        return MessageDigest.isEqual(proof(label, nonce), proof);
    }

    @Override
    public String toString() {
        return "RunKey(" + key.length * 8 + " bits)"; // never the key itself, in a log or an exception
    }
}
