package org.asyncrelay.web;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** How a resource of the REST API puts its handlers on {@link ApiServlet}'s paths. */
interface ApiRoute {

    /** Answers one method on one path; an {@link ApiException} becomes its JSON error answer. */
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ApiException;
    }

    void add(String path, String method, Handler handler);
}
