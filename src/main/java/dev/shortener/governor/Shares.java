package dev.shortener.governor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The split of a provider's cluster-wide cap between the live replicas, by max-min fairness on their demand (calls in
 * flight plus waiting): each replica gets at least 1 (while the cap allows), a replica wanting less than an equal
 * part keeps only what it wants, and what the idle ones leave is lent to the busy ones; what nobody wants is spread
 * evenly. Every replica computes the same split from the same heartbeats (ties broken by replica id).
 */
public final class Shares {

    private Shares() {
    }

    /** One live replica's heartbeat for a provider. */
    public record Claim(String replica, int demand) {
    }

    /** Each replica's share of {@code cap}, by replica id; the shares add up to {@code cap}. */
    public static Map<String, Integer> split(int cap, List<Claim> claims) {
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(Comparator.comparing(Claim::replica));
        Map<String, Integer> shares = new LinkedHashMap<>();
        int n = sorted.size();
        if (n == 0) {
            return shares;
        }
        int left = cap;
        for (Claim claim : sorted) {
            int minimum = left > 0 ? 1 : 0;
            shares.put(claim.replica(), minimum);
            left -= minimum;
        }
        // Water-filling over what each wants beyond its minimum, smallest wants first.
        List<Claim> byWant = new ArrayList<>(sorted);
        byWant.sort(Comparator.comparingInt(Claim::demand).thenComparing(Claim::replica));
        int remainingReplicas = n;
        for (Claim claim : byWant) {
            int want = Math.max(0, claim.demand() - shares.get(claim.replica()));
            int fair = left / remainingReplicas;
            int give = Math.min(want, fair);
            shares.merge(claim.replica(), give, Integer::sum);
            left -= give;
            remainingReplicas--;
        }
        // Integer remainders go to those still wanting more, then evenly to everybody (new demand starts at once).
        for (Claim claim : sorted) {
            if (left > 0 && claim.demand() > shares.get(claim.replica())) {
                int give = Math.min(left, claim.demand() - shares.get(claim.replica()));
                shares.merge(claim.replica(), give, Integer::sum);
                left -= give;
            }
        }
        int each = left / n;
        int extra = left % n;
        for (Claim claim : sorted) {
            shares.merge(claim.replica(), each + (extra-- > 0 ? 1 : 0), Integer::sum);
        }
        return shares;
    }

    /**
     * The limit a replica may apply now on its way to {@code target}: lowering is at once; raising only into the room
     * the others' published holds leave under {@code cap}, so that the cluster never exceeds it while shares move.
     */
    public static int next(int current, int target, int cap, int heldByOthers) {
        if (target <= current) {
            return target;
        }
        return Math.max(current, Math.min(target, cap - heldByOthers));
    }
}
