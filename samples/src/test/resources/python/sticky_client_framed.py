from socket import *
import struct
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # jstruct: port from argv
# jstruct: the seed's sticky client with the tutorial's fix: a fixed-length header before each message
phone=socket(AF_INET,SOCK_STREAM)
phone.connect(('127.0.0.1',PORT))
for data in ['hello'.encode('utf-8'), 'world'.encode('utf-8')]:
    phone.send(struct.pack('i',len(data)))
    phone.send(data)
