package io.inferyx.api.auth;

import io.inferyx.api.metrics.Outcome;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.api.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} naming a configured key;
 * otherwise answers 401 with {@code WWW-Authenticate: Bearer}. Keys are never logged or echoed.
 */
public class BearerAuthFilter extends OncePerRequestFilter {

    /** The request attribute naming the authenticated client (see {@link ApiKeys#scopeOf}). */
    public static final String CLIENT_SCOPE = "inferyx.client-scope";

    private static final String SCHEME = "Bearer ";

    private final ApiKeys keys;
    private final ProblemWriter problems;
    private final RequestMetrics metrics;

    public BearerAuthFilter(ApiKeys keys, ProblemWriter problems, RequestMetrics metrics) {
        this.keys = keys;
        this.problems = problems;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (keys.matches(token)) {
            request.setAttribute(CLIENT_SCOPE, ApiKeys.scopeOf(token));
            chain.doFilter(request, response);
            return;
        }
        metrics.count(Outcome.UNAUTHORIZED, null);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, token == null
                ? "missing API key: send Authorization: Bearer <key>"
                : "invalid API key");
    }

    /** The credentials of a {@code Bearer} header; the scheme name is case-insensitive (RFC 9110). */
    static @Nullable String bearerToken(@Nullable String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
