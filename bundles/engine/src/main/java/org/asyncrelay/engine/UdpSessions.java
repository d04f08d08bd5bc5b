package org.asyncrelay.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions of one UDP listener, by client address. Used on the listener's event loop only, so
 * nothing here locks.
 */
final class UdpSessions {

    private final Map<InetSocketAddress, UdpSession> byClient = new HashMap<>();
    private final ArrayList<UdpSession> toFlush = new ArrayList<>();
    /** Seconds since the listener started, counted by {@link #expireIdle}: sessions note it on each datagram. */
    private int tick;

    UdpSession get(InetSocketAddress client) {
        return byClient.get(client);
    }

    int size() {
        return byClient.size();
    }

    void add(UdpSession session) {
        byClient.put(session.client(), session);
    }

    /** Called by a session that has closed. */
    void removed(UdpSession session) {
        byClient.remove(session.client(), session);
    }

    int tick() {
        return tick;
    }

    /** Counts a second and closes each session silent for more than {@code idleSeconds}. */
    void expireIdle(int idleSeconds) {
        tick++;
        List<UdpSession> expired = null;
        for (UdpSession s : byClient.values()) {
            if (tick - s.lastSeen() > idleSeconds) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(s);
            }
        }
        if (expired != null) {
            expired.forEach(s -> s.close(Ending.IDLE_TIMEOUT));
        }
    }

    /** Flushes {@code session} at the end of the listener's current read burst. */
    void flushLater(UdpSession session) {
        toFlush.add(session);
    }

    /** The end of a read burst. */
    void flushAll() {
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flush();
        }
        toFlush.clear();
    }

    void closeAll() {
        new ArrayList<>(byClient.values()).forEach(s -> s.close(Ending.STOPPED));
    }
}
