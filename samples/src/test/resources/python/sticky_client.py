from socket import *
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # jstruct: port from argv
phone=socket(AF_INET,SOCK_STREAM)
phone.connect(('127.0.0.1',PORT))
phone.send('hello'.encode('utf-8'))
phone.send('world'.encode('utf-8'))
