package io.inferyx.api.web;

import io.inferyx.api.metrics.Outcome;
import io.inferyx.api.metrics.RequestMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies larger than any valid request needs (413), before they are parsed:
 * by the declared {@code Content-Length} without reading, and for chunked bodies after reading
 * at most one byte past the limit. What passes is handed on from memory.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;
    private final ProblemWriter problems;
    private final RequestMetrics metrics;

    public BodySizeLimitFilter(int maxBytes, ProblemWriter problems, RequestMetrics metrics) {
        this.maxBytes = maxBytes;
        this.problems = problems;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        metrics.count(Outcome.INVALID, null);
        problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                "the request body exceeds " + maxBytes + " bytes");
    }
}
