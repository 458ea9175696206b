package io.inferyx.launcher.faults;

import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.inferyx.launcher.FleetService;
import io.inferyx.launcher.HealthCheck;
import io.inferyx.launcher.ServiceProcess;
import io.inferyx.launcher.ServiceProcess.Launch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3: Redis over TLS, configured through the standard Spring properties alone. A redis-server
 * of the test's own listens with TLS only (no plain-text port at all), with a certificate from a CA
 * made for this run, and asks for a password. The four services, as separate JVMs, get nothing but
 * a {@code rediss://} URL and an SSL bundle that trusts the CA: the API and the worker as
 * {@code --spring...} arguments, the batcher and the retry service as environment variables, so
 * that both spellings the README prints are proven. Jobs then go through the whole pipeline and
 * are counted to done.
 */
class RedisTlsIT {

    /** A bundle name that survives the environment-variable spelling (no dash, no dot). */
    private static final String BUNDLE = "redis";
    private static final int JOBS = 200;
    private static final Duration LONG_POLL = Duration.ofSeconds(10);

    @TempDir
    static Path pkiDir;

    private static ThrowawayPki pki;
    private static OwnRedis redis;
    private static final String PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void startTlsOnlyRedis() {
        assumeThat(OwnRedis.available()).as("/usr/bin/redis-server").isTrue();
        pki = ThrowawayPki.create(pkiDir);
        redis = OwnRedis.tlsOnly(pki, PASSWORD, FaultRig.logDir("redis-tls").resolve("redis.log"));
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theTlsPortRefusesPlainTextClientsAndClientsThatDoNotTrustTheCa() {
        // the positive control first: the refusals below are not a dead or unreachable server
        RedisClient trusting = redis.client();
        try (StatefulRedisConnection<String, String> connection = trusting.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            assertThat(connection.sync().configGet("port")).as("plain-text listener").containsEntry("port", "0");
            assertThat(connection.sync().configGet("tls-port"))
                    .containsEntry("tls-port", Integer.toString(redis.port()));
        } finally {
            trusting.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }

        String plainText = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
        assertThatThrownBy(() -> ping(plainText)).as("a plain-text client on the TLS port")
                .isInstanceOf(RedisConnectionException.class);
        // TLS, but with the JDK's default trust store: the throwaway CA is in no trust store but the bundle
        String untrusting = "rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port();
        assertThatThrownBy(() -> ping(untrusting)).as("a TLS client that does not trust the CA")
                .isInstanceOf(RedisConnectionException.class).hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    @Test
    void servicesGivenARedissUrlAndAnSslBundleRunEveryJobToDone() throws Exception {
        Path dir = FaultRig.logDir("redis-tls");
        String prefix = "tls-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String apiKey = "tls-" + UUID.randomUUID();
        RedisClient client = redis.client();
        try (PrintStream log = new PrintStream(new FileOutputStream(dir.resolve("fleet.log").toFile(), false), true,
                StandardCharsets.UTF_8);
             StatefulRedisConnection<String, String> connection = client.connect();
             Fleet fleet = new Fleet(log, dir.resolve("fleet.log"));
             InferyxApi api = new InferyxApi(fleet.api(), apiKey)) {
            // the start-up cache is trained on the suite's plain Redis: the training run knows no TLS settings
            ChildJvm.train(TestRedis.url(), log);
            fleet.start(prefix, apiKey);

            Tally tally = new Tally();
            RedisCommands<String, String> commands = connection.sync();
            Places places = new Places(commands, prefix, FaultRig.MOCK.value());
            Ledger ledger = new Ledger(commands, new RedisKeys(prefix), FaultRig.MOCK, places, api);
            try (LoadDriver load = new LoadDriver(api, "redis-tls", tally)) {
                load.burst(JOBS, 16);
                // a long poll answers when the API's pub/sub connection, also over TLS, hears the job finish
                Answer probe = load.sendOne();
                assertThat(probe.accepted()).as("a request: %s", probe).isTrue();
                long polled = System.nanoTime();
                String status = api.result(probe.requestId(), LONG_POLL).orElseThrow().path("status").asString("");
                Duration longPoll = Duration.ofNanos(System.nanoTime() - polled);
                assertThat(status).isEqualTo("done");
                assertThat(longPoll).as("long poll").isLessThan(LONG_POLL.dividedBy(2));

                assertThat(tally.byStatus()).as("every request accepted").containsOnlyKeys(202);
                Ledger.Counts counts = ledger.prove(tally, Duration.ofSeconds(60));
                assertThat(counts.accepted()).isEqualTo(JOBS + 1);
                assertThat(counts.done()).isEqualTo(counts.accepted());
                long connections = commands.clientList().lines().filter(l -> !l.isBlank()).count();
                String line = "redis-tls      " + counts + "; " + (JOBS + 1) + " jobs through a TLS-only Redis (port 0, "
                        + "tls-port " + redis.port() + ", requirepass), " + connections
                        + " client connections at the end, a long poll answered in " + longPoll.toMillis() + " ms";
                System.out.println("[faults] " + line);
                log.println("[faults] " + line);
                Files.writeString(dir.getParent().resolve("summary.txt"), line + System.lineSeparator(),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void ping(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * The four services as child JVMs on free ports, all on the TLS Redis; the API and the worker
     * get the TLS settings as arguments, the batcher and the retry service as environment variables.
     */
    private static final class Fleet implements AutoCloseable {

        private final PrintStream log;
        private final Path logFile;
        private final Map<FleetService, Launch> launches = new EnumMap<>(FleetService.class);
        private final List<ServiceProcess> running = new ArrayList<>();

        Fleet(PrintStream log, Path logFile) {
            this.log = log;
            this.logFile = logFile;
            for (FleetService service : FleetService.values()) {
                launches.put(service, Launch.of(service, redis.url()).withPorts(FreePorts.next(), FreePorts.next())
                        .withClassPath(ChildJvm.classPath()));
            }
        }

        void start(String prefix, String apiKey) {
            List<String> common = new ArrayList<>(FleetSettings.lean().arguments());
            common.add("--inferyx.redis.key-prefix=" + prefix);
            common.add("--inferyx.api.keys=" + apiKey);
            for (FleetService service : FleetService.values()) {
                List<String> arguments = new ArrayList<>(ProcessFleet.loopbackOnly(service, common));
                Map<String, String> environment = Map.of();
                if (service == FleetService.API || service == FleetService.WORKER) {
                    arguments.add("--spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate=file:"
                            + pki.caCertificate());
                    arguments.add("--spring.data.redis.ssl.bundle=" + BUNDLE);
                } else {
                    environment = Map.of(
                            "SPRING_SSL_BUNDLE_PEM_" + BUNDLE.toUpperCase() + "_TRUSTSTORE_CERTIFICATE",
                            "file:" + pki.caCertificate(),
                            "SPRING_DATA_REDIS_SSL_BUNDLE", BUNDLE);
                }
                Launch launch = launches.get(service).withJvmOptions(ChildJvm.options(service))
                        .withEnvironment(environment).withArguments(arguments);
                ServiceProcess process = ServiceProcess.start(launch, log);
                log.println("[faults] started " + service.label() + " pid " + process.pid());
                running.add(process);
            }
            await("services up on the TLS Redis").atMost(ProcessFleet.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .failFast("a service exited while starting; see " + logFile,
                            () -> running.stream().anyMatch(p -> !p.isAlive()))
                    .until(() -> Stream.of(FleetService.values())
                            .allMatch(s -> HealthCheck.isUp(launches.get(s).healthPort())));
        }

        URI api() {
            return URI.create("http://127.0.0.1:" + launches.get(FleetService.API).port());
        }

        @Override
        public void close() {
            running.parallelStream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::kill);
        }
    }
}
