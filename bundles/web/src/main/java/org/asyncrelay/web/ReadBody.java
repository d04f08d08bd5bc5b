package org.asyncrelay.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body has been read off the connection before its handler runs (#20). A handler
 * that answers without reading the body (a reload, any GET) would otherwise leave it unread, and
 * Jetty then closes a connection it had already answered as kept alive: the client's next request
 * on it gets no answer. Bodies are small here (at most {@value RequestBodies#LIMIT} bytes).
 */
final class ReadBody extends HttpServletRequestWrapper {

    private final byte[] body;

    private ReadBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /** {@code request} itself when it announces no body, else a copy of it with the body read. */
    static HttpServletRequest of(HttpServletRequest request) throws IOException, ApiException {
        boolean announced = request.getContentLengthLong() > 0
                || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (!announced) {
            return request;
        }
        return new ReadBody(request, RequestBodies.bytes(request));
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            /** The connection has nothing more to give: the body is all here. */
            @Override
            public boolean isFinished() {
                return true;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                try {
                    listener.onAllDataRead();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }
        };
    }
}
