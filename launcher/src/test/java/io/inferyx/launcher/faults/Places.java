package io.inferyx.launcher.faults;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * DESIGN §2 as a check: every accepted job is, at every instant, in exactly one place (the model
 * queue, a batcher's forming list, the batch list, a worker's processing list, the retry set) or
 * terminal in its hash. A {@link Snapshot} is read by one Lua script, so it sees Redis at one
 * instant, never a move half done, and can be taken while the fleet runs and processes die.
 */
final class Places {

    private static final String SNAPSHOT = """
            local p, tag = ARGV[1], '{' .. ARGV[2] .. '}'
            local places = {}
            local function add(place, id) places[#places + 1] = place; places[#places + 1] = id end
            local function ids(place, key)
              for _, id in ipairs(redis.call('LRANGE', key, 0, -1)) do add(place, id) end
            end
            local function records(place, key)
              for _, record in ipairs(redis.call('LRANGE', key, 0, -1)) do
                local first = true
                for id in string.gmatch(record, '%S+') do
                  if first then first = false else add(place, id) end
                end
              end
            end
            ids('queue', p .. 'queue:' .. tag)
            for _, key in ipairs(redis.call('KEYS', p .. 'forming:' .. tag .. ':*')) do ids('forming', key) end
            records('batches', p .. 'batches:' .. tag)
            for _, key in ipairs(redis.call('KEYS', p .. 'processing:' .. tag .. ':*')) do records('processing', key) end
            for _, id in ipairs(redis.call('ZRANGE', p .. 'retry:' .. tag, 0, -1)) do add('retry', id) end
            local statuses = {}
            for i = 3, #ARGV do
              statuses[#statuses + 1] = redis.call('HGET', p .. 'job:' .. tag .. ':' .. ARGV[i], 'status') or ''
            end
            return {places, statuses, redis.call('GET', p .. 'backlog:' .. tag) or '0'}
            """;

    private static final Map<String, Set<String>> PLACES_OF_STATUS = Map.of(
            "queued", Set.of("queue", "forming"),
            "batched", Set.of("batches", "processing"),
            "running", Set.of("processing"),
            "retrying", Set.of("retry"));

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final String model;

    Places(RedisCommands<String, String> redis, String prefix, String model) {
        this.redis = redis;
        this.prefix = prefix;
        this.model = model;
    }

    /** Where every job is now, and the status of each of {@code ids}. */
    Snapshot take(Collection<String> ids) {
        List<String> args = new ArrayList<>(ids.size() + 2);
        args.add(prefix);
        args.add(model);
        List<String> ordered = List.copyOf(ids);
        args.addAll(ordered);
        List<Object> reply = redis.eval(SNAPSHOT, ScriptOutputType.MULTI, new String[0], args.toArray(String[]::new));
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) reply.get(0);
        @SuppressWarnings("unchecked")
        List<Object> statuses = (List<Object>) reply.get(1);
        Map<String, List<String>> placesById = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            placesById.computeIfAbsent((String) flat.get(i + 1), k -> new ArrayList<>()).add((String) flat.get(i));
        }
        Map<String, String> statusById = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            statusById.put(ordered.get(i), (String) statuses.get(i));
        }
        return new Snapshot(placesById, statusById, Long.parseLong((String) reply.get(2)));
    }

    /**
     * @param placesById every id found in a place, with the places it was found in
     * @param statusById the status of each asked-for job ("" when it has no hash)
     * @param backlog    the model's admission counter
     */
    record Snapshot(Map<String, List<String>> placesById, Map<String, String> statusById, long backlog) {

        /** What breaks the invariant; empty when every job is where it should be, once. */
        List<String> violations() {
            List<String> found = new ArrayList<>();
            placesById.forEach((id, places) -> {
                if (places.size() > 1) {
                    found.add(id + " is in " + places.size() + " places at once: " + places);
                }
            });
            statusById.forEach((id, status) -> {
                List<String> places = placesById.getOrDefault(id, List.of());
                if (status.isEmpty()) {
                    found.add(id + " has no job hash (lost)");
                } else if (status.equals("done") || status.equals("failed")) {
                    if (!places.isEmpty()) {
                        found.add(id + " is " + status + " but still in " + places);
                    }
                } else if (places.isEmpty()) {
                    found.add(id + " is " + status + " but in no place (lost)");
                } else if (!PLACES_OF_STATUS.getOrDefault(status, Set.of()).contains(places.getFirst())) {
                    found.add(id + " is " + status + " but in " + places.getFirst());
                }
            });
            return found;
        }

        /** How many jobs each place holds, e.g. {processing=8, queue=12}. */
        Map<String, Integer> heldByPlace() {
            Map<String, Integer> counts = new TreeMap<>();
            placesById.values().forEach(places -> places.forEach(p -> counts.merge(p, 1, Integer::sum)));
            return counts;
        }

        long inStatus(String status) {
            return statusById.values().stream().filter(status::equals).count();
        }

        /** The ids held in {@code place}. */
        List<String> idsIn(String place) {
            return placesById.entrySet().stream().filter(e -> e.getValue().contains(place)).map(Map.Entry::getKey)
                    .toList();
        }
    }
}
