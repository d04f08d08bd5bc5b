import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The reliability suite's backend, a process of its own so that the suite's client sockets and
 * the backend's fit the machine's descriptor limit side by side: echoes every TCP connection's
 * bytes and every datagram on one port number, on one NIO selector thread.
 *
 * usage: java EchoBackend.java ADDRESS PORT
 */
public class EchoBackend {

    public static void main(String[] args) throws IOException {
        InetSocketAddress at = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(at, 8192);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        DatagramChannel udp = DatagramChannel.open();
        udp.bind(at);
        udp.configureBlocking(false);
        udp.register(selector, SelectionKey.OP_READ);
        System.out.println("listening " + at);
        ByteBuffer datagram = ByteBuffer.allocateDirect(65_536);
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new ArrayDeque<ByteBuffer>());
                        }
                    } else if (key.channel() == udp) {
                        SocketAddress from;
                        while ((from = udp.receive(datagram.clear())) != null) {
                            udp.send(datagram.flip(), from);
                        }
                    } else {
                        echo(key);
                    }
                } catch (IOException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void echo(SelectionKey key) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        ArrayDeque<ByteBuffer> queue = (ArrayDeque<ByteBuffer>) key.attachment();
        if (key.isReadable()) {
            ByteBuffer b = ByteBuffer.allocate(16 * 1024);
            int n = c.read(b);
            if (n < 0) {
                if (queue.isEmpty()) {
                    c.close();
                } else {
                    queue.add(ByteBuffer.allocate(0)); // close once written
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                return;
            }
            queue.add(b.flip());
        }
        while (!queue.isEmpty()) {
            ByteBuffer head = queue.peek();
            if (head.capacity() == 0) {
                c.close();
                return;
            }
            c.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            queue.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }
}
