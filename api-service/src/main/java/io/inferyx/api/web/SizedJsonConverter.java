package io.inferyx.api.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Spring's Jackson JSON converter, writing each body whole, after its {@code Content-Length}.
 *
 * <p>Spring's own streams the body and then flushes it, so Tomcat commits the response before
 * it knows the length: the answer goes out chunked, in two writes (the body, then the last
 * chunk), and a keep-alive client waits for the second. Sized, headers and body leave in one
 * write. The API's bodies are small (a job with a 384-float embedding is about 5 KB, 64 of them
 * about 330 KB), so holding one in memory costs a copy, not a stream.
 */
public class SizedJsonConverter extends JacksonJsonHttpMessageConverter {

    public SizedJsonConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    protected void writeInternal(Object value, ResolvableType type, HttpOutputMessage output,
                                 @Nullable Map<String, Object> hints) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        super.writeInternal(value, type, new Buffered(output.getHeaders(), body), hints);
        output.getHeaders().setContentLength(body.size());
        body.writeTo(output.getBody());
    }

    /** The response's headers, and a body that stays in memory until its length is known. */
    private record Buffered(HttpHeaders headers, OutputStream body) implements HttpOutputMessage {

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public OutputStream getBody() {
            return body;
        }
    }
}
