package io.chuangguan.contest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The team contest's draw, which anyone can re-compute from what is published.
 * <ol>
 * <li>When registration closes, each unit's roster (the account ids of its workers of the trade, ascending) is frozen
 * and published with its hash: the SHA-256, in hex, of the ids joined by commas ({@code "17,42,108"}); a random seed of
 * 32 bytes is chosen and its commitment published: the SHA-256, in hex, of the seed written as 64 lower-case hex
 * characters.</li>
 * <li>At the draw the seed is revealed. In each unit the members it named are left aside; every other member of the
 * roster gets the ticket SHA-256(seed + ":" + enterprise id + ":" + account id), in hex, and the {@code k} members with
 * the smallest tickets (compared as strings; the smaller account id on an equal ticket) are drawn.</li>
 * </ol>
 * Nobody can pick the seed after seeing the rosters (it is committed first), nor change a roster after the seed is
 * known (its hash was published before).
 */
public final class ContestDraw {

    public static final String ALGORITHM = "roster hash = SHA-256(hex) of the roster's account ids ascending, joined by ','; "
            + "commitment = SHA-256(hex) of the seed's 64 hex characters; each member not named by the unit gets the ticket "
            + "SHA-256(hex)(seed + ':' + enterpriseId + ':' + accountId); the k smallest tickets are drawn (ties: smaller account id)";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ContestDraw() {
    }

    public static String newSeed() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return HexFormat.of().formatHex(seed);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String commitment(String seed) {
        return sha256Hex(seed);
    }

    /** The hash of a roster: its account ids in ascending order, joined by commas. */
    public static String rosterHash(List<Long> accountIds) {
        return sha256Hex(accountIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
    }

    public static String ticket(String seed, long enterpriseId, long accountId) {
        return sha256Hex(seed + ":" + enterpriseId + ":" + accountId);
    }

    /** The {@code k} members drawn from {@code candidates} (the roster without the named members), ascending by account id. */
    public static List<Long> draw(String seed, long enterpriseId, List<Long> candidates, int k) {
        record Ticket(long accountId, String value) {
        }
        List<Ticket> tickets = new ArrayList<>(candidates.size());
        for (long id : candidates) {
            tickets.add(new Ticket(id, ticket(seed, enterpriseId, id)));
        }
        tickets.sort(Comparator.comparing(Ticket::value).thenComparingLong(Ticket::accountId));
        return tickets.stream().limit(k).map(Ticket::accountId).sorted().toList();
    }
}
